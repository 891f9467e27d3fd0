# language: no
Egenskap: Utskriving av Ny sjanse
  I Ny sjanse skiller vi mellom to måter deltakere kan skrives ut av programmet (rapporten,
  kapittel 3.1): de som avslutter, har gjennomført Ny sjanse og er i arbeid, utdanning/kurs
  eller andre tiltak; de som avbryter, har ikke fullført det individuelle løpet, enten fordi
  de avbrøt selv eller fordi prosjektet fattet vedtak om permanent stans. I tillegg kan
  deltakere overføres til kvalifiseringsprogrammet i NAV.

  En gjennomført utskriving har et resultat, en avbrutt har en grunn. Utskriving og
  overføring kan registreres mens deltakelsen er aktiv, også i permisjon, og avslutter
  deltakelsen. Etterpå kan det bare registreres oppfølging (incentivordningen) og
  tilbaketrekking av feilregistreringer.

  Bakgrunn:
    Gitt at "p1" ble tatt inn 2008-03-01 med programrådgiver "c7"

  Regel: En deltaker skrives ut som gjennomført, avbrutt eller overført til NAV

    Abstrakt Scenario: Utskriving: <utskriving>
      Når det registreres <utskriving> for "p1" datert 2008-09-01
      Så blir utskrivingen godtatt
      Og "p1" har status "aktiv" per 2008-08-31
      Og "p1" har status "<status>" per 2008-09-01

      Eksempler:
        | utskriving                                                                  | status           |
        | en utskriving etter gjennomført program med resultat "heltidsarbeid"        | gjennomført      |
        | en utskriving etter gjennomført program med resultat "deltidsarbeid"        | gjennomført      |
        | en utskriving etter gjennomført program med resultat "arbeid med lønnstilskudd" | gjennomført  |
        | en utskriving etter gjennomført program med resultat "utdanning"            | gjennomført      |
        | en utskriving etter gjennomført program med resultat "kurs eller tiltak"    | gjennomført      |
        | en utskriving etter gjennomført program med resultat "registrert arbeidssøker" | gjennomført   |
        | en utskriving etter gjennomført program med resultat "ingen aktivitet"      | gjennomført      |
        | en utskriving etter gjennomført program med resultat "annet"                | gjennomført      |
        | en utskriving der deltakeren selv avbrøt, med grunn "helse"                 | avbrutt          |
        | en utskriving der deltakeren selv avbrøt, med grunn "flytting"              | avbrutt          |
        | en utskriving der deltakeren selv avbrøt, med grunn "andre ytelser"         | avbrutt          |
        | en utskriving der deltakeren selv avbrøt, med grunn "forsvunnet"            | avbrutt          |
        | en utskriving ved vedtak om permanent stans, med grunn "atferd"             | avbrutt          |
        | en utskriving ved vedtak om permanent stans, med grunn "ugyldig fravær"     | avbrutt          |
        | en utskriving ved vedtak om permanent stans, med grunn "annet"              | avbrutt          |
        | en overføring til kvalifiseringsprogrammet i NAV                            | overført til NAV |

    Scenario: En utskriving kan registreres samme dag som inntaket
      Når det registreres en utskriving der deltakeren selv avbrøt, med grunn "forsvunnet" for "p1" datert 2008-03-01
      Så blir utskrivingen godtatt
      Og "p1" har status "avbrutt" per 2008-03-01

  Regel: En gjennomført utskriving har et resultat, en avbrutt utskriving har en grunn

    Scenario: Gjennomført uten resultat følger ikke formatet
      Når det registreres en utskriving etter gjennomført program uten resultat for "p1" datert 2008-09-01
      Så blir utskrivingen avvist med den engelske meldingen "outcome is missing for a completed exit"
      Og "p1" har status "aktiv" per 2008-09-01

    Abstrakt Scenario: Avbrutt uten grunn følger ikke formatet (<av>)
      Når det registreres en utskriving <av>, uten grunn for "p1" datert 2008-09-01
      Så blir utskrivingen avvist fordi registreringen ikke følger formatet
      Og "p1" har status "aktiv" per 2008-09-01

      Eksempler:
        | av                                |
        | der deltakeren selv avbrøt        |
        | ved vedtak om permanent stans     |

  Regel: Utskriving og overføring er tillatt også i permisjon

    Abstrakt Scenario: <utskriving> under permisjon
      Gitt at det er registrert en sykepermisjon for "p1" datert 2008-06-01
      Når det registreres <utskriving> for "p1" datert 2008-09-01
      Så blir utskrivingen godtatt
      Og "p1" har status "i permisjon" per 2008-08-31
      Og "p1" har status "<status>" per 2008-09-01

      Eksempler:
        | utskriving                                                           | status           |
        | en utskriving ved vedtak om permanent stans, med grunn "helse"       | avbrutt          |
        | en utskriving der deltakeren selv avbrøt, med grunn "andre ytelser"  | avbrutt          |
        | en utskriving etter gjennomført program med resultat "utdanning"     | gjennomført      |
        | en overføring til kvalifiseringsprogrammet i NAV                     | overført til NAV |

  Regel: Etter utskrivingen kan det bare registreres oppfølging og tilbaketrekking

    Abstrakt Scenario: <hendelse> etter en gjennomført utskriving
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-09-01, med id "ut1"
      Når det registreres <hendelse> for "p1" datert <dato>
      Så blir registreringen <utfall>

      Eksempler:
        | hendelse                                                              | dato       | utfall  |
        | en oppfølging etter 6 måneder, i arbeid                               | 2009-03-01 | godtatt |
        | en tilbaketrekking av "ut1"                                           | 2008-10-01 | godtatt |
        | en individuell plan                                                   | 2008-10-01 | avvist  |
        | en individuell plan                                                   | 2008-09-01 | avvist  |
        | et ugyldig fravær på 1 dag                                            | 2008-10-01 | avvist  |
        | en sykepermisjon                                                      | 2008-10-01 | avvist  |
        | en gjenopptakelse etter permisjon                                     | 2008-10-01 | avvist  |
        | et bytte av programrådgiver til "c8"                                  | 2008-10-01 | avvist  |
        | en utskriving etter gjennomført program med resultat "heltidsarbeid"  | 2008-10-01 | avvist  |
        | en utskriving der deltakeren selv avbrøt, med grunn "helse"           | 2008-10-01 | avvist  |
        | en overføring til kvalifiseringsprogrammet i NAV                      | 2008-10-01 | avvist  |
        | et nytt inntak                                                        | 2008-10-01 | avvist  |

    Scenario: En deltaker kan ikke skrives ut to ganger
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-09-01
      Når det registreres en utskriving der deltakeren selv avbrøt, med grunn "helse" for "p1" datert 2008-10-01
      Så blir utskrivingen avvist med meldingen "utskriving 2008-10-01: p1 gikk ut av programmet 2008-09-01 (gjennomført)"
      Og "p1" har status "gjennomført" per 2008-10-01

    Scenario: Etter overføring til NAV kan det ikke registreres mer i Ny sjanse
      Gitt at det er registrert en overføring til kvalifiseringsprogrammet i NAV for "p1" datert 2008-09-01
      Når det registreres en individuell plan for "p1" datert 2008-09-15
      Så blir planen avvist med meldingen "plan 2008-09-15: p1 gikk ut av programmet 2008-09-01 (overført til NAV)"

    Scenario: Etter en avbrutt utskriving kan deltakeren ikke få permisjon
      Gitt at det er registrert en utskriving ved vedtak om permanent stans, med grunn "ugyldig fravær" for "p1" datert 2008-09-01
      Når det registreres en fødselspermisjon for "p1" datert 2008-11-01
      Så blir permisjonen avvist med meldingen "permisjon 2008-11-01: p1 gikk ut av programmet 2008-09-01 (avbrutt)"
