# language: no
Egenskap: Personvern: sletting av en deltaker og tilgangsloggen
  En deltaker har rett til å bli slettet, og opplysningene skal slettes når lagringstiden er
  ute. Ny sjanse lagrer hver deltaker under et tilfeldig pseudonym, og deltakerens
  personopplysninger (identiteten, fødselsår, botid, sosialhjelp, notater og begrunnelser) er
  kryptert med deltakerens egen nøkkel. Sletting ødelegger den nøkkelen for godt.

  Det statistikken teller, beholdes uten navn (personvernforordningen artikkel 89): tallene
  for året, status og saksmengder blir de samme, og den slettede deltakeren står der under
  pseudonymet sitt. Ingenting mer kan registreres for en slettet deltaker, heller ikke under
  pseudonymet. Slettingen kan ikke gjøres om.

  Hvert oppslag som viser navngitte deltakere, skrives i tilgangsloggen: når, hvem, hvilken
  kommando og hvilke deltakere. Loggen kan ikke endres.

  Bakgrunn:
    Gitt at "p1" har denne historikken:
      | dato       | hendelse                                   | id    |
      | 2008-03-01 | inntak med programrådgiver "c7"            | inn1  |
      | 2008-03-20 | individuell plan med mål arbeid            | plan1 |
      | 2008-04-02 | ugyldig fravær på 2 dager med et notat på 12 tegn | frav1 |
    Og at "p2" har denne historikken:
      | dato       | hendelse                                   | id    |
      | 2008-02-01 | inntak med programrådgiver "c7"            | inn2  |

  Regel: Sletting fjerner identiteten, men beholder det statistikken teller

    Scenario: Statistikk, status og saksmengde er de samme etter slettingen
      Når "p1" slettes med begrunnelsen "ba selv om å bli slettet"
      Så blir slettingen godtatt
      Og er statistikken for 2008 den samme som før slettingen
      Og er statusen per 2008-12-31 den samme som før slettingen, med "p1" under et pseudonym
      Og er saksmengden per 2008-06-30 den samme som før slettingen, med "p1" under et pseudonym

    Scenario: Oppslag på en slettet deltaker sier når, av hvem og hvorfor
      Når "p1" slettes med begrunnelsen "lagringstiden er ute"
      Så sier oppslag på "p1" at deltakeren ble slettet i dag av "kari" med begrunnelsen "lagringstiden er ute"

    Scenario: Ingenting mer kan registreres for en slettet deltaker
      Gitt at "p1" er slettet
      Når det registreres en individuell plan for "p1" datert 2008-10-01
      Så blir planen avvist med meldingen "p1 er slettet; ingenting mer kan registreres på deltakeren"

    Scenario: Heller ikke under pseudonymet
      Gitt at "p1" er slettet
      Når det registreres en individuell plan for pseudonymet til "p1" datert 2008-10-01
      Så blir planen avvist med en melding som inneholder "er pseudonymet til en slettet deltaker"

  Regel: En sletting må gjelde en kjent deltaker, én gang, med en begrunnelse

    Scenario: En deltaker kan bare slettes én gang
      Gitt at "p1" er slettet
      Når "p1" slettes med begrunnelsen "en gang til"
      Så blir slettingen avvist med meldingen "p1 er allerede slettet"

    Scenario: ...og bare under sin egen identitet, ikke under pseudonymet
      Når pseudonymet til "p2" slettes med begrunnelsen "feil"
      Så blir slettingen avvist med en melding som inneholder "er et pseudonym, ikke en deltakers id"

    Abstrakt Scenario: Sletting av <hvem> med begrunnelsen "<begrunnelse>" blir avvist
      Når "<hvem>" slettes med begrunnelsen "<begrunnelse>"
      Så blir slettingen avvist med meldingen "<melding>"

      Eksempler:
        | hvem | begrunnelse | melding                                 |
        | p9   | ukjent      | ingen deltaker «p9» er kjent            |
        | p2   |             | reason kan ikke være tom eller blank    |

  Regel: Hvert oppslag på navngitte deltakere står i tilgangsloggen

    Scenario: Tilgangsloggen viser hvem som har sett en deltaker
      Når "kari" slår opp "p1" per 2008-12-31
      Og "olav" ser historikken til "p1"
      Så viser tilgangsloggen for "p1" at "kari" brukte "show p1 --date 2008-12-31" og "olav" brukte "history p1"

    Scenario: Etter slettingen står deltakeren i tilgangsloggen under pseudonymet
      Når "kari" slår opp "p1" per 2008-12-31
      Og "p1" slettes med begrunnelsen "ba selv om å bli slettet"
      Så viser tilgangsloggen for pseudonymet "p1" fikk ved slettingen bare det pseudonymet
      Og svarer et søk i tilgangsloggen etter "p1" at deltakeren er slettet og står der under pseudonymet
