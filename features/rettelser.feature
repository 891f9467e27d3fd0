# language: no
Egenskap: Rettelser og tilbakedatering
  Hendelser blir ofte registrert i etterkant: en plan som ble laget i april, kan bli
  registrert i oktober. Hver hendelse har derfor både en dato (da den skjedde) og et
  registreringstidspunkt (da den ble kjent). Reglene gjelder deltakerens historikk ordnet
  etter dato, så en tilbakedatert hendelse blir bare godtatt hvis hele historikken fortsatt
  holder med den på plass.

  Ingenting blir slettet. En feilregistrert hendelse trekkes tilbake, og fra da av regnes den
  som om den aldri skjedde; en rettelse er en tilbaketrekking fulgt av den riktige hendelsen.
  En tilbaketrekking gjelder en lagret hendelse for samme deltaker som ikke allerede er
  trukket tilbake, og blir bare godtatt hvis resten av historikken fortsatt holder.

  Ingen hendelse kan dateres etter at den ble registrert, og registreringene for en
  deltaker kan ikke gå bakover i tid.

  Bakgrunn:
    Gitt at "p1" har denne historikken:
      | dato       | hendelse                        | id    | registrert                |
      | 2008-03-01 | inntak med programrådgiver "c7" | inn1  | 2008-03-01T09:00:00+01:00 |
      | 2008-06-01 | fødselspermisjon                | perm1 | 2008-06-02T09:00:00+02:00 |
      | 2008-09-01 | gjenopptakelse etter permisjon  | gjen1 | 2008-09-01T09:00:00+02:00 |

  Regel: En tilbakedatert hendelse godtas bare hvis hele historikken fortsatt holder

    Scenario: En tilbakedatert plan innenfor deltakelsen blir godtatt
      Når det registreres en individuell plan for "p1" datert 2008-04-01, registrert 2008-10-01T10:00:00+02:00
      Så blir planen godtatt
      Og "p1" har 4 hendelser i historikken

    Abstrakt Scenario: Tilbakedatert fravær <dato> (<når>)
      Når det registreres et gyldig fravær på 2 dager for "p1" datert <dato>, registrert 2008-10-01T10:00:00+02:00
      Så blir fraværet <utfall>

      Eksempler:
        | dato       | når                       | utfall  |
        | 2008-05-15 | før permisjonen           | godtatt |
        | 2008-06-01 | permisjonens første dag   | avvist  |
        | 2008-07-01 | midt i permisjonen        | avvist  |
        | 2008-08-31 | permisjonens siste dag    | avvist  |
        | 2008-09-01 | dagen den ble gjenopptatt | godtatt |
        | 2008-02-29 | før inntaket              | avvist  |

    Scenario: Fravær tilbakedatert inn i en permisjon blir avvist med begrunnelse
      Når det registreres et ugyldig fravær på 1 dag for "p1" datert 2008-07-01, registrert 2008-10-01T10:00:00+02:00
      Så blir fraværet avvist med den engelske meldingen "absence on 2008-07-01: p1 is suspended since 2008-06-01"
      Og "p1" har 3 hendelser i historikken

    Scenario: En hendelse tilbakedatert til før inntaket blir avvist
      Når det registreres en individuell plan for "p1" datert 2008-02-15, registrert 2008-10-01T10:00:00+02:00
      Så blir planen avvist med meldingen "plan for p1 2008-02-15 kommer før noe inntak"

    Scenario: En tilbakedatert permisjon som overlapper en registrert permisjon, blir avvist
      Når det registreres en sykepermisjon for "p1" datert 2008-05-01, registrert 2008-10-01T10:00:00+02:00
      Så blir permisjonen avvist med meldingen "permisjon 2008-06-01: p1 har alt permisjon siden 2008-05-01"

    Scenario: En tilbakedatert utskriving kan ikke komme før hendelser som allerede er registrert
      Når det registreres en utskriving ved vedtak om permanent stans, med grunn "helse" for "p1" datert 2008-08-01, registrert 2008-10-01T10:00:00+02:00
      Så blir utskrivingen avvist med meldingen "gjenopptakelse 2008-09-01: p1 gikk ut av programmet 2008-08-01 (avbrutt)"
      Og "p1" har status "aktiv" per 2008-09-15

    Scenario: En tilbakedatert utskriving etter siste hendelse blir godtatt
      Når det registreres en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-09-15, registrert 2008-10-01T10:00:00+02:00
      Så blir utskrivingen godtatt
      Og "p1" har status "gjennomført" per 2008-09-15

  Regel: En feilregistrert utskriving rettes ved å trekke den tilbake og registrere den riktige

    Bakgrunn:
      Gitt at det er registrert en utskriving der deltakeren selv avbrøt, med grunn "forsvunnet" for "p1" datert 2008-10-01, med id "feil1"

    Scenario: Så lenge den gale utskrivingen står, kan den riktige ikke registreres
      Når det registreres en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-10-15
      Så blir utskrivingen avvist med meldingen "utskriving 2008-10-15: p1 gikk ut av programmet 2008-10-01 (avbrutt)"

    Scenario: Tilbaketrekking gjør deltakelsen aktiv igjen, og riktig utskriving kan registreres
      Når det registreres en tilbaketrekking av "feil1" med begrunnelse "feil deltaker" for "p1" datert 2008-10-05
      Så blir tilbaketrekkingen godtatt
      Og hendelsen "feil1" er trukket tilbake for "p1"
      Og "p1" har status "aktiv" per 2008-10-05
      Når det registreres en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-10-15
      Så blir utskrivingen godtatt
      Og "p1" har status "aktiv" per 2008-10-14
      Og "p1" har status "gjennomført" per 2008-10-15

    Scenario: Rettelse av utskrivingsdatoen til en tidligere dag
      Gitt at det er registrert en tilbaketrekking av "feil1" med begrunnelse "feil dato" for "p1" datert 2008-10-05
      Når det registreres en utskriving der deltakeren selv avbrøt, med grunn "forsvunnet" for "p1" datert 2008-09-20, registrert 2008-10-05T14:00:00+02:00
      Så blir utskrivingen godtatt
      Og "p1" har status "avbrutt" per 2008-09-20

  Regel: Bare en lagret, ikke tilbaketrukket hendelse for samme deltaker kan trekkes tilbake

    Scenario: En feilregistrert plan trekkes tilbake
      Gitt at det er registrert en individuell plan for "p1" datert 2008-09-10, med id "plan1"
      Når det registreres en tilbaketrekking av "plan1" for "p1" datert 2008-09-11
      Så blir tilbaketrekkingen godtatt
      Og hendelsen "plan1" er trukket tilbake for "p1"

    Scenario: En annen deltakers hendelse kan ikke trekkes tilbake
      Gitt at "p2" ble tatt inn 2008-03-01 med programrådgiver "c7", med id "inn2"
      Når det registreres en tilbaketrekking av "inn2" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake inn2: p1 har ingen slik hendelse"
      Og "p2" har status "aktiv" per 2008-10-01

    Scenario: En ukjent hendelse kan ikke trekkes tilbake
      Når det registreres en tilbaketrekking av "finnes-ikke" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake finnes-ikke: p1 har ingen slik hendelse"

    Scenario: En hendelse kan ikke trekkes tilbake to ganger
      Gitt at det er registrert en individuell plan for "p1" datert 2008-09-10, med id "plan1"
      Og at det er registrert en tilbaketrekking av "plan1" for "p1" datert 2008-09-11
      Når det registreres en tilbaketrekking av "plan1" for "p1" datert 2008-09-12
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake plan1: den er alt trukket tilbake"

    Scenario: En tilbaketrekking kan ikke selv trekkes tilbake
      Gitt at det er registrert en individuell plan for "p1" datert 2008-09-10, med id "plan1"
      Og at det er registrert en tilbaketrekking av "plan1" for "p1" datert 2008-09-11, med id "tilb1"
      Når det registreres en tilbaketrekking av "tilb1" for "p1" datert 2008-09-12
      Så blir tilbaketrekkingen avvist med en melding som inneholder "kan ikke trekke tilbake tilb1: den er selv en tilbaketrekking"

  Regel: En tilbaketrekking godtas bare hvis resten av historikken fortsatt holder

    Scenario: Et inntak med senere hendelser kan ikke trekkes tilbake
      Når det registreres en tilbaketrekking av "inn1" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake inn1: da permisjon for p1 2008-06-01 kommer før noe inntak"
      Og "p1" har status "aktiv" per 2008-10-01

    Scenario: Et feilregistrert inntak uten senere hendelser kan trekkes tilbake og registreres på nytt
      Gitt at "p2" ble tatt inn 2008-03-01 i prosjektet "Oslo Grorud" med programrådgiver "c7", med id "inn2"
      Når det registreres en tilbaketrekking av "inn2" for "p2" datert 2008-03-02
      Så blir tilbaketrekkingen godtatt
      Og "p2" har status "ikke startet" per 2008-03-02
      Når "p2" tas inn 2008-03-01 i prosjektet "Bergen" med programrådgiver "c7"
      Så blir inntaket godtatt
      Og "p2" har status "aktiv" per 2008-03-02

    Scenario: En permisjon som er gjenopptatt, kan ikke trekkes tilbake alene
      Når det registreres en tilbaketrekking av "perm1" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake perm1: da gjenopptakelse 2008-09-01: p1 har ikke permisjon"

    Scenario: En feilregistrert gjenopptakelse kan trekkes tilbake, og permisjonen varer da fortsatt
      Når det registreres en tilbaketrekking av "gjen1" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen godtatt
      Og "p1" har status "i permisjon" per 2008-10-01

    Scenario: En gjenopptakelse kan ikke trekkes tilbake når det er registrert fravær etter den
      Gitt at det er registrert et gyldig fravær på 1 dag for "p1" datert 2008-09-15
      Når det registreres en tilbaketrekking av "gjen1" for "p1" datert 2008-10-01
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake gjen1: da fravær 2008-09-15: p1 har permisjon siden 2008-06-01"

    Scenario: En gjennomført utskriving med oppfølging kan ikke trekkes tilbake
      Gitt at det er registrert en utskriving etter gjennomført program med resultat "heltidsarbeid" for "p1" datert 2008-10-01, med id "ut1"
      Og at det er registrert en oppfølging etter 6 måneder, i arbeid for "p1" datert 2009-04-01
      Når det registreres en tilbaketrekking av "ut1" for "p1" datert 2009-04-02
      Så blir tilbaketrekkingen avvist med meldingen "kan ikke trekke tilbake ut1: da oppfølging 2009-04-01: p1 har ikke gått ut av programmet"
      Og "p1" har 1 oppfølging

  Regel: En hendelse kan ikke dateres etter at den ble registrert

    Abstrakt Scenario: Dato <dato> registrert <registrert>
      Når det registreres en individuell plan for "p1" datert <dato>, registrert <registrert>
      Så blir planen <utfall>

      Eksempler:
        | dato       | registrert                | utfall  |
        | 2008-10-01 | 2008-10-01T08:00:00+02:00 | godtatt |
        | 2008-09-30 | 2008-10-01T08:00:00+02:00 | godtatt |
        | 2008-10-02 | 2008-10-01T23:59:00+02:00 | avvist  |
        | 2009-01-01 | 2008-10-01T08:00:00+02:00 | avvist  |

    Scenario: En plan datert fram i tid blir avvist med begrunnelse
      Når det registreres en individuell plan for "p1" datert 2008-10-02, registrert 2008-10-01T10:00:00+02:00
      Så blir planen avvist med en melding som inneholder "ingenting er kjent før det skjer"

    Scenario: Registrert i dag med dagens dato blir godtatt
      Når det i dag registreres en individuell plan for "p1" datert i dag
      Så blir planen godtatt

    Scenario: Registrert i dag med morgendagens dato blir avvist
      Når det i dag registreres en individuell plan for "p1" datert i morgen
      Så blir planen avvist fordi registreringen ikke følger formatet

  Regel: Registreringstidspunktet er et RFC 3339-tidspunkt som ikke ligger fram i tid

    Abstrakt Scenario: Registrert <registrert> (<hva>)
      Når det registreres en individuell plan for "p1" datert 2008-10-01, registrert <registrert>
      Så blir planen avvist fordi registreringen ikke følger formatet
      Og "p1" har 3 hendelser i historikken

      Eksempler:
        | registrert                 | hva                     |
        | 2008-W40-3T10:00:00+02:00  | ukedato                 |
        | 2008-275T10:00:00+02:00    | dag i året              |
        | 20081001T100000+0200       | uten skilletegn         |
        | 2008-10-01T10:00:00        | uten tidssone           |
        | 2008-10-01T10:00+02:00     | uten sekunder           |
        | 2008-10-01T24:00:00+02:00  | time 24                 |
        | 2099-01-01T10:00:00+01:00  | fram i tid              |
        | 9999-12-31T23:59:59Z       | år 9999                 |

  Regel: Registreringene for en deltaker går ikke bakover i tid

    Scenario: En registrering med tidspunkt før deltakerens siste registrering blir avvist
      Når det registreres en individuell plan for "p1" datert 2008-04-01, registrert 2008-08-01T10:00:00+02:00
      Så blir planen avvist med en melding som inneholder "er tidligere enn 2008-09-01T09:00:00+02:00"

    Scenario: Tidspunkter i ulike tidssoner sammenlignes som øyeblikk, ikke som tekst
      Når det registreres en individuell plan for "p1" datert 2008-09-01, registrert 2008-09-01T10:30:00+04:00
      Så blir planen avvist med en melding som inneholder "er tidligere enn 2008-09-01T09:00:00+02:00"

    Scenario: Et senere øyeblikk i en tidssone med lavere klokkeslett blir godtatt
      Når det registreres en individuell plan for "p1" datert 2008-09-01, registrert 2008-09-01T07:30:00Z
      Så blir planen godtatt

    Scenario: En registrering samme øyeblikk som den forrige blir godtatt
      Når det registreres en individuell plan for "p1" datert 2008-09-01, registrert 2008-09-01T09:00:00+02:00
      Så blir planen godtatt

  Regel: En hendelse-id brukes bare én gang

    Scenario: En hendelse med en id som allerede er brukt, blir avvist
      Når det registreres en individuell plan for "p1" datert 2008-09-10, med id "perm1"
      Så blir planen avvist med en melding som inneholder "hendelses-id perm1 er alt registrert"

    Scenario: En id som er brukt for en annen deltaker, blir også avvist
      Gitt at "p2" ble tatt inn 2008-03-01 med programrådgiver "c7", med id "inn2"
      Når det registreres en individuell plan for "p1" datert 2008-09-10, med id "inn2"
      Så blir planen avvist med en melding som inneholder "hendelses-id inn2 er alt registrert"
