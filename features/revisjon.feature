# language: no
Egenskap: Revisjon av statistikken
  Revisoren må kunne svare for hvert tall som er publisert: hvem står bak det, hvorfor er
  det endret siden det ble publisert, og hvordan så saken ut da. Hvert antall i
  statistikken er et sett av deltakelser, og revisoren kan få se nøyaktig de deltakelsene
  som telles, hver med hendelsene som plasserte dem der (inntaket, og for et tall om å
  slutte også utskrivingen eller overføringen). Endringene mellom to tidspunkter viser
  hvilke tall som er annerledes, hvem som er kommet til eller falt ut, og hvilke
  hendelser registrert eller trukket tilbake i mellomtiden som forklarer det.

  Bakgrunn:
    Gitt at "p1" ble tatt inn 2008-01-10, med id "i1"
    Og at "p2" ble tatt inn 2007-06-01 i prosjektet "Oslo St. Hanshaugen", med id "i2"
    Og at "p3" ble tatt inn 2008-03-01, med id "i3"
    Og at det er registrert en utskriving der deltakeren selv avbrøt, med grunn "helse" for "p3" datert 2008-09-01, med id "u3"

  Scenario: Revisoren ser hvem som står bak et tall
    Når revisoren spør hvem som står bak tallet "exit_types.aborted_by_participant" for 2008
    Så er tallet 1
    Og står "p3" bak tallet med hendelsene "i3" og "u3"

  Scenario: Et prosjektnavn med punktum
    Når revisoren spør hvem som står bak tallet "projects.Oslo St. Hanshaugen.carried_over" for 2008
    Så er tallet 1
    Og står "p2" bak tallet med hendelsene "i2"

  Scenario: En rettelse etter at tallene er publisert
    Gitt at det er registrert en tilbaketrekking av "u3" med begrunnelse "feil grunn" for "p3" datert 2009-03-01, med id "r3", registrert 2009-03-01T10:00:00+01:00
    Og at det er registrert en utskriving ved vedtak om permanent stans, med grunn "annet" for "p3" datert 2008-09-01, med id "u4", registrert 2009-03-01T10:05:00+01:00
    Når revisoren spør hva som er endret i statistikken for 2008 fra 2009-01-31T00:00:00+01:00
    Så er tallet "abort_reasons.health" endret fra 1 til 0
    Og har "p3" falt ut av "abort_reasons.health"
    Og forklares endringen i "abort_reasons.health" av hendelsene "u3", "r3" og "u4"
    Og er tallet "abort_reasons.other" endret fra 0 til 1
    Og har "p3" kommet til i "abort_reasons.other"
    Og er tallet "exits" ikke endret
    Når revisoren spør hvem som står bak tallet "abort_reasons.health" for 2008 slik det var kjent 2009-01-31T00:00:00+01:00
    Så står "p3" bak tallet med hendelsene "i3" og "u3"

  Scenario: En tilbakedatert utskriving funnet i en revisjon
    Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p2" datert 2008-11-30, med id "u2", registrert 2009-02-15T10:00:00+01:00
    Når revisoren spør hvem som står bak tallet "exits" for 2008 slik det var kjent 2009-01-31T00:00:00+01:00
    Så er tallet 1
    Og står "p3" bak tallet med hendelsene "i3" og "u3"
    Når revisoren spør hvem som står bak tallet "exits" for 2008
    Så er tallet 2
    Og står "p2" bak tallet med hendelsene "i2" og "u2"
    Når revisoren spør hva som er endret i statistikken for 2008 fra 2009-01-31T00:00:00+01:00 til 2010-06-30T00:00:00+02:00
    Så er tallet "exits" endret fra 1 til 2
    Og har "p2" kommet til i "exits"
    Og forklares endringen i "exits" av hendelsene "u2"
    Og er tallet "year_end.active" endret fra 2 til 1
    Og har "p2" falt ut av "year_end.active"

  Scenario: Historikken slik den sto da tallene ble publisert
    Gitt at det er registrert en tilbaketrekking av "u3" med begrunnelse "feil grunn" for "p3" datert 2009-03-01, med id "r3", registrert 2009-03-01T10:00:00+01:00
    Når revisoren ser historikken til "p3" slik den var kjent 2009-01-31T00:00:00+01:00
    Så viser historikken hendelsene "i3" og "u3"
    Og er "u3" ikke trukket tilbake i historikken
    Når revisoren ser historikken til "p3" slik den er nå
    Så viser historikken hendelsene "i3", "u3" og "r3"
    Og er "u3" trukket tilbake i historikken

  Scenario: En andel har ingen deltakere bak seg
    Når revisoren spør hvem som står bak tallet "work_or_education_rate" for 2008
    Så får revisoren svaret "'work_or_education_rate' is not a count of participants in stats 2008"
