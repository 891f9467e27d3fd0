"""The report page's stylesheet: inline, system fonts only, screen and print (A4)."""

CSS = """
:root {
  --ink: #22303c; --muted: #5c6b78; --rule: #d9dee5; --wash: #f4f6f8;
  --navy: #1d3557; --blue: #457b9d; --teal: #2a9d8f; --red: #c8553d; --plum: #8f4a78;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 "Source Sans 3", "Source Sans Pro", "Segoe UI", "Helvetica Neue",
        "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-variant-numeric: lining-nums;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.masthead, main, .colophon { max-width: 1120px; margin: 0 auto; padding: 0 32px; }
.masthead { padding-top: 40px; padding-bottom: 20px; border-bottom: 3px solid var(--navy); }
.kicker { margin: 0; color: var(--teal); font-weight: 700; letter-spacing: .08em;
          text-transform: uppercase; font-size: 13px; }
h1 { margin: 4px 0 6px; font-size: 34px; line-height: 1.15; color: var(--navy); }
.subtitle { margin: 0 0 14px; color: var(--muted); font-size: 16px; max-width: 60em; }
.stamp { display: inline-block; margin: 0 0 14px; padding: 4px 12px; border-radius: 3px;
         background: var(--navy); color: #fff; font-size: 13px; font-weight: 600;
         letter-spacing: .02em; }
.toc ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 22px; }
.toc a { color: var(--navy); text-decoration: none; font-weight: 600; font-size: 14px; }
.toc a:hover { text-decoration: underline; }
.sec-num { color: var(--teal); font-variant-numeric: tabular-nums; margin-right: .35em; }
h2 { font-size: 26px; color: var(--navy); margin: 44px 0 12px; padding-bottom: 6px;
     border-bottom: 1px solid var(--rule); }
h3 { font-size: 19px; color: var(--navy); margin: 36px 0 8px; }
h4.minor { font-size: 16px; color: var(--navy); margin: 30px 0 6px; }
.lead { max-width: 52em; margin: 0 0 16px; }
.lead-row { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 28px;
            align-items: start; }
.key-figures { background: var(--wash); border-left: 5px solid var(--teal); padding: 14px 18px;
               border-radius: 2px; }
.key-figures h3 { margin: 0 0 6px; font-size: 15px; text-transform: uppercase;
                  letter-spacing: .06em; color: var(--teal); }
.key-big { display: flex; align-items: baseline; gap: 8px; margin-bottom: 4px; }
.key-value { font-size: 40px; font-weight: 700; color: var(--navy); line-height: 1.1; }
.key-label { color: var(--muted); font-size: 15px; }
.key-figures ul { margin: 0; padding: 0; list-style: none; font-size: 14px; }
.key-figures li { padding: 3px 0 3px 20px; position: relative; }
.key-figures li::before { content: "✓"; position: absolute; left: 0; color: var(--teal);
                          font-weight: 700; }
figure.fig { margin: 22px 0 30px; padding: 16px 18px 14px; border: 1px solid var(--rule);
             border-radius: 3px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 14px; color: var(--ink); margin-bottom: 10px; max-width: 62em; }
.fig-num { font-weight: 700; color: var(--navy); }
.fig-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 22px;
            align-items: start; }
.fig-body.wide { grid-template-columns: minmax(0, 1fr); }
.fig-body.wide .fig-chart { max-width: 760px; width: 100%; margin: 0 auto; }
svg.chart { display: block; width: 100%; height: auto; }
.fig-table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 0 0 12px;
        font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eceff2; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2px solid var(--navy); color: var(--navy); font-weight: 700;
           font-size: 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody th { font-weight: 400; }
tfoot th, tfoot td { font-weight: 700; border-top: 1.5px solid var(--muted);
                     border-bottom: none; }
tfoot tr + tr th, tfoot tr + tr td { border-top: none; font-weight: 400; color: var(--muted); }
tbody tr:nth-child(even) { background: #fafbfc; }
.colophon { margin-top: 40px; padding-top: 14px; padding-bottom: 40px;
            border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
.colophon p { margin: 0 0 4px; }
#log-head { overflow-wrap: anywhere; }  /* a 64-digit digest must not widen a phone's page */
@media (max-width: 820px) {
  .lead-row, .fig-body { grid-template-columns: minmax(0, 1fr); }
  .masthead, main, .colophon { padding-left: 16px; padding-right: 16px; }
}
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { font-size: 10pt; }
  .masthead, main, .colophon { max-width: none; padding: 0; }
  .toc { display: none; }
  h1 { font-size: 24pt; }
  h2 { font-size: 17pt; margin-top: 0; }
  section.chapter { break-before: page; page-break-before: always; }
  figure.fig { border: none; padding: 0; margin: 12pt 0 18pt; }
  .fig-body { grid-template-columns: minmax(0, 1fr); gap: 8pt; }
  .fig-chart { max-width: 165mm; }
  table { font-size: 8.5pt; }
  h2, h3, h4, figcaption { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
