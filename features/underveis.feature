# language: no
Egenskap: Programmet underveis: plan, fravær, permisjon og gjenopptakelse
  Deltakeren får et toårig heldagsprogram med skriftlig individuell plan og et
  fraværsreglement som i arbeidslivet (rapporten, kapittel 2). Programmet kan settes på vent
  ved permisjon (fødsel, sykdom) og gjenopptas etterpå.

  Alt som skjer med en deltaker, begynner med inntaket: den første hendelsen er et inntak,
  og det er bare ett inntak. Plan, fravær, permisjon og bytte av programrådgiver registreres
  bare mens deltakelsen er aktiv (også i permisjon). Fravær registreres ikke mens deltakeren
  er i permisjon, en ny permisjon ikke mens deltakeren allerede er i permisjon, og
  gjenopptakelse bare mens deltakeren er i permisjon.

  Bakgrunn:
    Gitt at "p1" ble tatt inn 2008-03-01 med programrådgiver "c7"

  Regel: Den første hendelsen for en deltaker er et inntak

    Scenario: Et inntak som første hendelse blir godtatt
      Når "p2" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket godtatt
      Og "p2" har status "aktiv" per 2008-03-01

    Abstrakt Scenario: <hendelse> for en som ikke er tatt inn, blir avvist
      Når det registreres <hendelse> for "p9" datert 2008-04-01
      Så blir registreringen avvist med en melding som inneholder "for p9 2008-04-01 kommer før noe inntak"
      Og "p9" har 0 hendelser i historikken

      Eksempler:
        | hendelse                                                            |
        | en individuell plan                                                 |
        | et gyldig fravær på 1 dag                                           |
        | en sykepermisjon                                                    |
        | en gjenopptakelse etter permisjon                                   |
        | et bytte av programrådgiver til "c7"                                |
        | en utskriving etter gjennomført program med resultat "heltidsarbeid" |
        | en overføring til kvalifiseringsprogrammet i NAV                    |
        | en oppfølging etter 6 måneder, i arbeid                             |

    Scenario: En plan kan lages samme dag som inntaket
      Når det registreres en individuell plan for "p1" datert 2008-03-01
      Så blir planen godtatt

    Scenario: En hendelse datert før inntaket blir avvist
      Når det registreres en individuell plan for "p1" datert 2008-02-29
      Så blir planen avvist med den engelske meldingen "plan for p1 on 2008-02-29 comes before any intake"

  Regel: En deltaker har bare ett inntak

    Scenario: Et nytt inntak for en som allerede er tatt inn, blir avvist
      Når det registreres et nytt inntak i prosjektet "Oslo Grorud" med programrådgiver "c8" for "p1" datert 2008-05-01
      Så blir inntaket avvist med meldingen "p1 hadde alt et inntak 2008-03-01; en deltaker har nøyaktig ett inntak"
      Og "p1" har programrådgiver "c7" per 2008-05-01

    Scenario: Heller ikke et inntak datert før det første blir godtatt
      Når det registreres et nytt inntak for "p1" datert 2008-02-01
      Så blir inntaket avvist med en melding som inneholder "en deltaker har nøyaktig ett inntak"

  Regel: Mens deltakelsen er aktiv, kan plan, fravær, permisjon og bytte registreres, men ikke gjenopptakelse

    Abstrakt Scenario: <hendelse> for en aktiv deltaker
      Når det registreres <hendelse> for "p1" datert 2008-04-15
      Så blir registreringen <utfall>

      Eksempler:
        | hendelse                              | utfall  |
        | en individuell plan                   | godtatt |
        | en individuell plan med mål arbeid    | godtatt |
        | et gyldig fravær på 2 dager           | godtatt |
        | et ugyldig fravær på 0,5 dager        | godtatt |
        | en fødselspermisjon                   | godtatt |
        | en sykepermisjon                      | godtatt |
        | en permisjon av annen grunn           | godtatt |
        | et bytte av programrådgiver til "c8"  | godtatt |
        | en gjenopptakelse etter permisjon     | avvist  |

    Scenario: En revidert plan erstatter den forrige og blir godtatt
      Gitt at det er registrert en individuell plan for "p1" datert 2008-03-15
      Når det registreres en revidert individuell plan med mål utdanning for "p1" datert 2008-09-01
      Så blir planen godtatt

    Abstrakt Scenario: Fravær må være mer enn 0 og høyst 31 dager, i halve dager (<dager> dager)
      Når det registreres et gyldig fravær på <dager> dager for "p1" datert 2008-04-15
      Så blir fraværet <utfall>

      Eksempler:
        | dager | utfall  |
        | 0,5   | godtatt |
        | 31    | godtatt |
        | 0     | avvist  |
        | 31,5  | avvist  |
        | 1,25  | avvist  |

    Scenario: Fravær med ugyldig antall dager følger ikke formatet
      Når det registreres et gyldig fravær på 40 dager for "p1" datert 2008-04-15
      Så blir fraværet avvist fordi registreringen ikke følger formatet

    Scenario: Et notat til fraværet på over 1000 tegn følger ikke formatet
      Når det registreres et gyldig fravær på 1 dag med et notat på 1001 tegn for "p1" datert 2008-04-15
      Så blir fraværet avvist med meldingen "note er lengre enn 1000 tegn"

    Scenario: Et notat på 1000 tegn blir godtatt
      Når det registreres et gyldig fravær på 1 dag med et notat på 1000 tegn for "p1" datert 2008-04-15
      Så blir fraværet godtatt

    Scenario: Gjenopptakelse uten permisjon blir avvist
      Når det registreres en gjenopptakelse etter permisjon for "p1" datert 2008-05-01
      Så blir gjenopptakelsen avvist med meldingen "gjenopptakelse 2008-05-01: p1 har ikke permisjon"

  Regel: I permisjon kan det ikke registreres fravær eller ny permisjon; gjenopptakelse bare da

    Abstrakt Scenario: <hendelse> mens deltakeren er i permisjon
      Gitt at det er registrert en sykepermisjon for "p1" datert 2008-06-01
      Når det registreres <hendelse> for "p1" datert 2008-06-15
      Så blir registreringen <utfall>

      Eksempler:
        | hendelse                                                            | utfall  |
        | en individuell plan                                                 | godtatt |
        | et bytte av programrådgiver til "c8"                                | godtatt |
        | en gjenopptakelse etter permisjon                                   | godtatt |
        | en utskriving der deltakeren selv avbrøt, med grunn "helse"         | godtatt |
        | et gyldig fravær på 1 dag                                           | avvist  |
        | et ugyldig fravær på 3 dager                                        | avvist  |
        | en fødselspermisjon                                                 | avvist  |
        | en sykepermisjon                                                    | avvist  |

    Scenario: Permisjon setter programmet på vent
      Når det registreres en fødselspermisjon for "p1" datert 2008-06-01
      Så blir permisjonen godtatt
      Og "p1" har status "aktiv" per 2008-05-31
      Og "p1" har status "i permisjon" per 2008-06-01

    Scenario: Fravær i permisjonstiden blir avvist med begrunnelse
      Gitt at det er registrert en fødselspermisjon for "p1" datert 2008-06-01
      Når det registreres et gyldig fravær på 2 dager for "p1" datert 2008-06-15
      Så blir fraværet avvist med meldingen "fravær 2008-06-15: p1 har permisjon siden 2008-06-01"

    Scenario: Fravær samme dag som permisjonen begynner, blir avvist
      Gitt at det er registrert en sykepermisjon for "p1" datert 2008-06-01
      Når det registreres et ugyldig fravær på 1 dag for "p1" datert 2008-06-01
      Så blir fraværet avvist med en melding som inneholder "har permisjon siden 2008-06-01"

    Scenario: Ny permisjon mens deltakeren er i permisjon, blir avvist
      Gitt at det er registrert en sykepermisjon for "p1" datert 2008-06-01
      Når det registreres en fødselspermisjon for "p1" datert 2008-07-01
      Så blir permisjonen avvist med meldingen "permisjon 2008-07-01: p1 har alt permisjon siden 2008-06-01"
      Og "p1" har status "i permisjon" per 2008-07-01

    Scenario: Gjenopptakelse avslutter permisjonen
      Gitt at det er registrert en fødselspermisjon for "p1" datert 2008-06-01
      Når det registreres en gjenopptakelse etter permisjon for "p1" datert 2008-09-01
      Så blir gjenopptakelsen godtatt
      Og "p1" har status "i permisjon" per 2008-08-31
      Og "p1" har status "aktiv" per 2008-09-01

    Scenario: Etter gjenopptakelsen kan fravær og ny permisjon registreres igjen
      Gitt at det er registrert en fødselspermisjon for "p1" datert 2008-06-01
      Og at det er registrert en gjenopptakelse etter permisjon for "p1" datert 2008-09-01
      Og at det er registrert et gyldig fravær på 1 dag for "p1" datert 2008-09-01
      Når det registreres en sykepermisjon for "p1" datert 2008-10-01
      Så blir permisjonen godtatt

    Scenario: To gjenopptakelser etter hverandre blir avvist
      Gitt at det er registrert en fødselspermisjon for "p1" datert 2008-06-01
      Og at det er registrert en gjenopptakelse etter permisjon for "p1" datert 2008-09-01
      Når det registreres en gjenopptakelse etter permisjon for "p1" datert 2008-09-02
      Så blir gjenopptakelsen avvist med meldingen "gjenopptakelse 2008-09-02: p1 har ikke permisjon"

  Regel: Et bytte av programrådgiver gir deltakeren en annen rådgiver

    Scenario: Et bytte til den rådgiveren deltakeren allerede har, blir avvist
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-04-15
      Så blir byttet avvist med meldingen "bytte av programrådgiver 2008-04-15: c7 er alt programrådgiveren til p1"
      Og "p1" har programrådgiver "c7" per 2008-04-15

    Scenario: Et tilbakedatert bytte til den som da var rådgiver, blir også avvist
      Gitt at det er registrert et bytte av programrådgiver til "c8" for "p1" datert 2008-06-01
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-05-01
      Så blir byttet avvist med meldingen "bytte av programrådgiver 2008-05-01: c7 er alt programrådgiveren til p1"

    Scenario: Tilbake til den forrige rådgiveren er et bytte
      Gitt at det er registrert et bytte av programrådgiver til "c8" for "p1" datert 2008-06-01
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-07-01
      Så blir byttet godtatt
      Og "p1" har programrådgiver "c7" per 2008-07-01

    Scenario: En tilbaketrekking som ville gitt to bytter til samme rådgiver etter hverandre, blir avvist
      Gitt at det er registrert et bytte av programrådgiver til "c8" for "p1" datert 2008-06-01, med id "bytte1"
      Og at det er registrert et bytte av programrådgiver til "c7" for "p1" datert 2008-07-01
      Og at det er registrert et bytte av programrådgiver til "c9" for "p1" datert 2008-08-01
      Og at det er registrert et bytte av programrådgiver til "c8" for "p1" datert 2008-09-01
      Når det registreres en tilbaketrekking av "bytte1" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake bytte1: da bytte av programrådgiver 2008-07-01: c7 er alt programrådgiveren til p1"
