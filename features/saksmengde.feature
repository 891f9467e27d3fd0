# language: no
Egenskap: Høyst 15 deltakere per programrådgiver
  En av de viktigste metodene i Ny sjanse er den tette oppfølgingen: hver programrådgiver skal
  ikke ha mer enn 15 deltakere å følge opp (rapporten, kapittel 2). Taket gjelder på datoen for
  hvert inntak og hvert bytte av programrådgiver som gir rådgiveren en deltaker. Deltakere i
  permisjon teller med. Den som går ut av programmet, teller ikke lenger fra og med
  utskrivingsdatoen.

  Bakgrunn:
    Gitt at programrådgiver "c7" har fått 15 deltakere, "c7-1" til "c7-15", tatt inn 2008-01-15

  Regel: En programrådgiver kan ha 15 aktive deltakere, men ikke 16

    Scenario: Den femtende deltakeren blir tatt inn
      Gitt at programrådgiver "c8" har fått 14 deltakere, "c8-1" til "c8-14", tatt inn 2008-01-15
      Når "p15" tas inn 2008-03-01 med programrådgiver "c8"
      Så blir inntaket godtatt
      Og programrådgiver "c8" har 15 aktive deltakere per 2008-03-01

    Scenario: Den sekstende deltakeren blir avvist
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket avvist med den engelske meldingen "counsellor c7 already has 15 active participants on 2008-03-01"
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-03-01
      Og "p16" har 0 hendelser i historikken

    Scenario: En annen programrådgiver med ledig plass kan ta inn deltakeren
      Når "p16" tas inn 2008-03-01 med programrådgiver "c8"
      Så blir inntaket godtatt
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-03-01
      Og programrådgiver "c8" har 1 aktiv deltaker per 2008-03-01

  Regel: Den som går ut av programmet, frigjør plassen fra og med utskrivingsdatoen

    Abstrakt Scenario: En deltaker går ut (<utskriving>) og en ny kan tas inn samme dag
      Gitt at det er registrert <utskriving> for "c7-3" datert 2008-03-01
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket godtatt
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-03-01
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-02-29

      Eksempler:
        | utskriving                                                            |
        | en utskriving etter gjennomført program med resultat "heltidsarbeid"  |
        | en utskriving der deltakeren selv avbrøt, med grunn "helse"           |
        | en utskriving ved vedtak om permanent stans, med grunn "ugyldig fravær" |
        | en overføring til kvalifiseringsprogrammet i NAV                      |

    Scenario: Plassen er ikke ledig før utskrivingsdatoen
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "utdanning" for "c7-3" datert 2008-03-02
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-01"

    Scenario: Plassen kan tas dagen den blir ledig
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "utdanning" for "c7-3" datert 2008-03-02
      Når "p16" tas inn 2008-03-02 med programrådgiver "c7"
      Så blir inntaket godtatt

    Scenario: Et tilbakedatert inntak kan ikke ta en plass før den ble ledig
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "utdanning" for "c7-3" datert 2008-04-01
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7", registrert 2008-04-02T09:00:00+02:00
      Så blir inntaket avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-01"

    Scenario: Et tilbakedatert inntak før de andre kom inn, kan ikke fylle rådgiveren senere
      Når "p16" tas inn 2008-01-10 med programrådgiver "c7", registrert 2008-02-01T09:00:00+01:00
      Så blir inntaket avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-01-15"

  Regel: Bytte av programrådgiver kan ikke gi en rådgiver mer enn 15 deltakere

    Scenario: Bytte til en programrådgiver med full saksmengde blir avvist
      Gitt at "p1" ble tatt inn 2008-02-01 med programrådgiver "c8"
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-03-01
      Så blir byttet avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-01"
      Og "p1" har programrådgiver "c8" per 2008-03-01

    Scenario: Bytte til en programrådgiver med ledig plass blir godtatt
      Når det registreres et bytte av programrådgiver til "c8" for "c7-3" datert 2008-03-01
      Så blir byttet godtatt
      Og "c7-3" har programrådgiver "c7" per 2008-02-29
      Og "c7-3" har programrådgiver "c8" per 2008-03-01
      Og programrådgiver "c7" har 14 aktive deltakere per 2008-03-01

    Scenario: Når en deltaker bytter bort fra en full rådgiver, kan en annen bytte inn samme dag
      Gitt at "p1" ble tatt inn 2008-02-01 med programrådgiver "c8"
      Og at det er registrert et bytte av programrådgiver til "c8" for "c7-3" datert 2008-03-01
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-03-01
      Så blir byttet godtatt
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-03-01
      Og programrådgiver "c8" har 1 aktiv deltaker per 2008-03-01

    Scenario: Et tilbakedatert bytte til en full programrådgiver blir avvist
      Gitt at "p1" ble tatt inn 2008-01-02 med programrådgiver "c8"
      Når det registreres et bytte av programrådgiver til "c7" for "p1" datert 2008-01-10, registrert 2008-02-01T09:00:00+01:00
      Så blir byttet avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-01-15"
      Og "p1" har programrådgiver "c8" per 2008-01-15

  Regel: Deltakere i permisjon teller med

    Scenario: En full saksmengde er full selv om en deltaker er i permisjon
      Gitt at det er registrert en fødselspermisjon for "c7-3" datert 2008-02-01
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-01"

    Scenario: En deltaker som går ut mens hun er i permisjon, frigjør plassen
      Gitt at det er registrert en fødselspermisjon for "c7-3" datert 2008-02-01
      Og at det er registrert en utskriving der deltakeren selv avbrøt, med grunn "andre ytelser" for "c7-3" datert 2008-03-01
      Når "p16" tas inn 2008-03-01 med programrådgiver "c7"
      Så blir inntaket godtatt

  Regel: En tilbaketrekking kan ikke gi en rådgiver mer enn 15 deltakere

    Scenario: En feilregistrert utskriving kan trekkes tilbake når plassen fortsatt er ledig
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "c7-3" datert 2008-03-01, med id "ut-c7-3"
      Når det registreres en tilbaketrekking av "ut-c7-3" for "c7-3" datert 2008-03-05
      Så blir tilbaketrekkingen godtatt
      Og programrådgiver "c7" har 15 aktive deltakere per 2008-03-05
      Og "c7-3" har status "aktiv" per 2008-03-05

    Scenario: Et bytte bort fra en full rådgiver kan ikke trekkes tilbake når plassen er tatt
      Gitt at det er registrert et bytte av programrådgiver til "c8" for "c7-3" datert 2008-03-01, med id "bytte1"
      Og at "p16" ble tatt inn 2008-03-10 med programrådgiver "c7"
      Når det registreres en tilbaketrekking av "bytte1" for "c7-3" datert 2008-03-20
      Så blir tilbaketrekkingen avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-10"
      Og "c7-3" har programrådgiver "c8" per 2008-03-20

    Scenario: En utskriving kan ikke trekkes tilbake når plassen er tatt av en annen
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "c7-3" datert 2008-03-01, med id "ut-c7-3"
      Og at "p16" ble tatt inn 2008-03-01 med programrådgiver "c7"
      Når det registreres en tilbaketrekking av "ut-c7-3" for "c7-3" datert 2008-03-05
      Så blir tilbaketrekkingen avvist med meldingen "programrådgiver c7 har alt 15 aktive deltakere 2008-03-01"
      Og "c7-3" har status "gjennomført" per 2008-03-05
