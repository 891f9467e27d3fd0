# language: no
Egenskap: Oppfølging etter utskriving og incentivordningen
  Incentivordningen gir prosjektene tilskudd når tidligere deltakere er dokumentert i arbeid
  6 og 12 måneder etter at de avsluttet Ny sjanse. Oppfølgingen registreres derfor bare for
  deltakere som har gjennomført programmet, ikke for dem som avbrøt eller ble overført til
  kvalifiseringsprogrammet i NAV. En oppfølging etter 6 (eller 12) måneder kan tidligst
  dateres 6 (eller 12) kalendermåneder etter utskrivingsdatoen, og det er bare én oppfølging
  for hvert av de to tidspunktene.

  Bakgrunn:
    Gitt at "p1" ble tatt inn 2008-03-01 med programrådgiver "c7"

  Regel: Bare den som har gjennomført programmet, følges opp

    Scenario: En tidligere deltaker i arbeid følges opp etter 6 måneder
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-09-01
      Når det registreres en oppfølging etter 6 måneder, i arbeid innen "renhold" for "p1" datert 2009-03-01
      Så blir oppfølgingen godtatt
      Og "p1" har 1 oppfølging
      Og "p1" har status "gjennomført" per 2009-03-01

    Scenario: Også en tidligere deltaker uten arbeid kan følges opp
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "registrert arbeidssøker" for "p1" datert 2008-09-01
      Når det registreres en oppfølging etter 6 måneder, ikke i arbeid for "p1" datert 2009-03-15
      Så blir oppfølgingen godtatt

    Abstrakt Scenario: Oppfølging etter <utskriving>
      Gitt at det er registrert <utskriving> for "p1" datert 2008-09-01
      Når det registreres en oppfølging etter 6 måneder, i arbeid for "p1" datert 2009-03-01
      Så blir oppfølgingen <utfall>

      Eksempler:
        | utskriving                                                                | utfall  |
        | en utskriving etter gjennomført program med resultat "deltidsarbeid"      | godtatt |
        | en utskriving etter gjennomført program med resultat "ingen aktivitet"    | godtatt |
        | en utskriving der deltakeren selv avbrøt, med grunn "helse"               | avvist  |
        | en utskriving ved vedtak om permanent stans, med grunn "ugyldig fravær"   | avvist  |
        | en overføring til kvalifiseringsprogrammet i NAV                          | avvist  |

    Scenario: Den som avbrøt, følges ikke opp
      Gitt at det er registrert en utskriving der deltakeren selv avbrøt, med grunn "flytting" for "p1" datert 2008-09-01
      Når det registreres en oppfølging etter 12 måneder, i arbeid for "p1" datert 2009-09-01
      Så blir oppfølgingen avvist med den engelske meldingen "follow-up on 2009-09-01: only a completed exit is followed up, and p1 left on 2008-09-01 (aborted)"

    Scenario: Den som ble overført til NAV, følges ikke opp i Ny sjanse
      Gitt at det er registrert en overføring til kvalifiseringsprogrammet i NAV for "p1" datert 2008-09-01
      Når det registreres en oppfølging etter 6 måneder, i arbeid for "p1" datert 2009-03-01
      Så blir oppfølgingen avvist med en melding som inneholder "(overført til NAV)"

    Scenario: En deltaker som fortsatt er i programmet, følges ikke opp
      Når det registreres en oppfølging etter 6 måneder, i arbeid for "p1" datert 2008-09-01
      Så blir oppfølgingen avvist med meldingen "oppfølging 2008-09-01: p1 har ikke gått ut av programmet"

  Regel: Oppfølgingen kan tidligst dateres 6 eller 12 kalendermåneder etter utskrivingen

    Abstrakt Scenario: <måneder>-månedersoppfølging <oppfølgingsdato> etter utskriving <utskrivingsdato>
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert <utskrivingsdato>
      Når det registreres en oppfølging etter <måneder> måneder, i arbeid for "p1" datert <oppfølgingsdato>
      Så blir oppfølgingen <utfall>

      Eksempler:
        | utskrivingsdato | måneder | oppfølgingsdato | forklaring                           | utfall  |
        | 2008-06-30      | 6       | 2008-12-30      | nøyaktig 6 måneder                   | godtatt |
        | 2008-06-30      | 6       | 2008-12-29      | én dag for tidlig                    | avvist  |
        | 2008-06-30      | 6       | 2009-02-15      | senere enn 6 måneder                 | godtatt |
        | 2008-06-30      | 12      | 2009-06-30      | nøyaktig 12 måneder                  | godtatt |
        | 2008-06-30      | 12      | 2009-06-29      | én dag for tidlig                    | avvist  |
        | 2008-06-30      | 12      | 2008-12-30      | 12-månedersoppfølging etter 6        | avvist  |
        | 2008-08-31      | 6       | 2009-02-28      | månedsslutt: februar har færre dager | godtatt |
        | 2008-08-31      | 6       | 2009-02-27      | månedsslutt, én dag for tidlig       | avvist  |

    Scenario: En for tidlig oppfølging blir avvist med datoen den tidligst kan registreres
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-06-30
      Når det registreres en oppfølging etter 6 måneder, i arbeid for "p1" datert 2008-12-29
      Så blir oppfølgingen avvist med meldingen "oppfølging etter 6 måneder 2008-12-29 er for tidlig: p1 gjennomførte 2008-06-30, altså ikke før 2008-12-30"
      Og "p1" har 0 oppfølginger

  Regel: Det er bare én oppfølging etter 6 og én etter 12 måneder

    Bakgrunn:
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-06-30

    Scenario: Oppfølging både etter 6 og etter 12 måneder
      Gitt at det er registrert en oppfølging etter 6 måneder, i arbeid innen "sjåfør" for "p1" datert 2009-01-05
      Når det registreres en oppfølging etter 12 måneder, i arbeid innen "sjåfør" for "p1" datert 2009-07-01
      Så blir oppfølgingen godtatt
      Og "p1" har 2 oppfølginger

    Scenario: En 12-månedersoppfølging kan registreres uten en 6-månedersoppfølging
      Når det registreres en oppfølging etter 12 måneder, i arbeid innen "kantine og restaurant" for "p1" datert 2009-07-01
      Så blir oppfølgingen godtatt
      Og "p1" har 1 oppfølging

    Scenario: En andre 6-månedersoppfølging blir avvist
      Gitt at det er registrert en oppfølging etter 6 måneder, i arbeid for "p1" datert 2009-01-05
      Når det registreres en oppfølging etter 6 måneder, ikke i arbeid for "p1" datert 2009-02-01
      Så blir oppfølgingen avvist med meldingen "p1 har alt en oppfølging etter 6 måneder"
      Og "p1" har 1 oppfølging

    Scenario: En andre 12-månedersoppfølging blir avvist
      Gitt at det er registrert en oppfølging etter 12 måneder, i arbeid for "p1" datert 2009-07-01
      Når det registreres en oppfølging etter 12 måneder, i arbeid for "p1" datert 2009-08-01
      Så blir oppfølgingen avvist med meldingen "p1 har alt en oppfølging etter 12 måneder"

    Scenario: Bransje registreres bare for den som er i arbeid
      Når det registreres en oppfølging etter 6 måneder, ikke i arbeid innen "renhold" for "p1" datert 2009-01-05
      Så blir oppfølgingen avvist med meldingen "industry hører bare til en oppfølging med employed: true"

    Scenario: Oppfølging etter 9 måneder finnes ikke i ordningen
      Når det registreres en oppfølging etter 9 måneder, i arbeid for "p1" datert 2009-04-01
      Så blir oppfølgingen avvist fordi registreringen ikke følger formatet

    Scenario: En feilregistrert oppfølging rettes ved tilbaketrekking og ny registrering
      Gitt at det er registrert en oppfølging etter 6 måneder, ikke i arbeid for "p1" datert 2009-01-05, med id "opp1"
      Og at det er registrert en tilbaketrekking av "opp1" med begrunnelse "var i arbeid" for "p1" datert 2009-01-06
      Når det registreres en oppfølging etter 6 måneder, i arbeid innen "lager og verksted" for "p1" datert 2009-01-05
      Så blir oppfølgingen godtatt
      Og "p1" har 1 oppfølging
