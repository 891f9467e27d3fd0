# language: no
Egenskap: Revisoren finner en manipulert hendelseslogg
  Hver hendelse som lagres, får en sjekksum i en kjede: HMAC-SHA256 med en nøkkel avledet av
  hovednøkkelen, over hendelsen slik den er lagret, posisjonen dens i loggen og sjekksummen
  til hendelsen før. Den som endrer, sletter, bytter om eller legger til hendelser direkte i
  databasen, uten hovednøkkelen, kan ikke regne ut en kjede som holder. Revisoren kontrollerer
  loggen med «nysjanse verify», som regner ut kjeden på nytt og sier hvor den først brytes.

  Det en kjede alene ikke ser, er hendelser som er kuttet av slutten. Derfor oppgir
  statistikktabellen og rapporten loggens hode, posisjonen og sjekksummen tallene ble beregnet
  fra; med et publisert hode finner revisoren også det.

  Bakgrunn:
    Gitt at "p1" har denne historikken:
      | dato       | hendelse                                                     | id    | registrert                |
      | 2008-03-01 | inntak med programrådgiver "c7"                              | inn1  | 2008-03-01T09:00:00+01:00 |
      | 2008-03-20 | individuell plan med mål arbeid                              | plan1 | 2008-03-20T09:00:00+01:00 |
      | 2008-06-01 | fødselspermisjon                                             | perm1 | 2008-06-02T09:00:00+02:00 |
      | 2008-09-01 | gjenopptakelse etter permisjon                               | gjen1 | 2008-09-01T09:00:00+02:00 |
      | 2008-11-28 | utskriving etter gjennomført program med resultat "utdanning" | ut1   | 2008-11-28T09:00:00+01:00 |
    Og at statistikken for 2008 er publisert med loggens hode

  Scenario: En urørt logg holder, og hodet er det som ble publisert
    Når revisoren kontrollerer loggen mot det publiserte hodet
    Så holder kjeden
    Og det publiserte hodet finnes fortsatt i loggen

  Scenario: En utskriving som er endret i databasen, blir funnet der den står
    Gitt at noen har endret datoen for "ut1" til 2008-10-28 direkte i databasen
    Når revisoren kontrollerer loggen
    Så brytes kjeden ved hendelsen "ut1" fordi den er endret

  Scenario: En slettet permisjon blir funnet der den stod
    Gitt at noen har slettet hendelsen "perm1" direkte i databasen
    Når revisoren kontrollerer loggen
    Så brytes kjeden ved hendelsen "perm1" fordi den er slettet

  Scenario: To hendelser som har byttet plass, blir funnet ved den første
    Gitt at noen har byttet plass på "plan1" og "gjen1" direkte i databasen
    Når revisoren kontrollerer loggen
    Så brytes kjeden ved hendelsen "plan1" fordi den er endret

  Scenario: En hendelse som er lagt til i databasen, blir funnet
    Gitt at noen har lagt til en kopi av "plan1" sist i loggen direkte i databasen
    Når revisoren kontrollerer loggen
    Så brytes kjeden ved den siste hendelsen fordi den er lagt til

  Scenario: En ny kjede regnet ut uten hovednøkkelen hjelper ikke
    Gitt at noen har endret datoen for "ut1" til 2008-10-28 direkte i databasen
    Og at de har regnet ut kjeden på nytt fra "ut1" med SHA-256 uten nøkkel
    Når revisoren kontrollerer loggen
    Så brytes kjeden ved hendelsen "ut1" fordi den er endret

  Scenario: Hendelser kuttet av slutten blir funnet med det publiserte hodet
    Gitt at noen har slettet de 2 siste hendelsene og sjekksummene deres direkte i databasen
    Når revisoren kontrollerer loggen mot det publiserte hodet
    Så holder kjeden
    Men det publiserte hodet finnes ikke lenger i loggen
