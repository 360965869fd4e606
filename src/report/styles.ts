/** @module The report's stylesheet, inlined so the HTML file stands alone. */

/** CSS for the report page and its SVG charts. */
export const REPORT_CSS = `
:root{--ink:#1d2733;--muted:#5f6b7a;--line:#d9dee5;--bg:#f5f7fa;--card:#fff;--ip:#1f6feb;--ip2:#9cc2ff;--base:#8b96a5;--oracle:#2d3a4a;--warn:#d9822b;--bad:#c93c37;--ok:#2e9d5b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1240px;margin:0 auto;padding:28px 28px 48px}
header.top{display:flex;justify-content:space-between;align-items:flex-end;border-bottom:2px solid var(--ink);padding-bottom:10px;margin-bottom:18px}
h1{font-size:24px;margin:0}h2{font-size:18px;margin:0 0 4px}h3{font-size:15px;margin:14px 0 6px}
.sub,.note-p{color:var(--muted);margin:2px 0 10px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 20px;margin:0 0 14px}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:10px 0 12px}
.kpi{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.kpi .v{font-size:26px;font-weight:650;color:var(--ip)}.kpi .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi.dark .v{color:var(--ink)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:6px 0 12px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
thead th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line)}
tbody th,thead th:first-child{text-align:left}
tr.ipshadow th{color:var(--ip)}tr.ipshadow{background:#f2f7ff}
.grid3{display:grid;grid-template-columns:repeat(3,1fr);gap:6px 16px}
.grid2{display:grid;grid-template-columns:repeat(2,1fr);gap:8px 20px}
.split{display:grid;grid-template-columns:420px 1fr;gap:24px;align-items:start}
figure{margin:0}
svg.chart{max-width:100%;height:auto;font-size:11px}
svg .chart-title{font-weight:600;font-size:13px;fill:var(--ink)}
svg .tick,svg .note,svg .count,svg .value{fill:var(--muted)}svg .label{fill:var(--ink)}
svg .axis-title{fill:var(--muted);font-size:12px}
svg .grid{stroke:#edf0f3}svg .axis{stroke:#9aa5b1}
svg .bar rect{fill:var(--base)}svg .bar.ipshadow rect{fill:var(--ip)}svg .bar.oracle rect{fill:var(--oracle)}
svg .band95{fill:var(--ip2);opacity:.35}svg .band80{fill:var(--ip2);opacity:.75}
svg .mean{fill:none;stroke:var(--ip);stroke-width:1.6;stroke-dasharray:4 3}
svg .history{fill:none;stroke:var(--base);stroke-width:1.4}svg .actual{fill:none;stroke:var(--ink);stroke-width:1.4}
svg .split{stroke:var(--muted);stroke-dasharray:2 3}
svg .diagonal{stroke:#9aa5b1;stroke-dasharray:5 4;fill:none}svg .calib{stroke:var(--ip);fill:none;stroke-width:1.5}
svg .bin circle{fill:var(--ip);fill-opacity:.8;stroke:#fff}
svg .res.claimed{fill:var(--ok)}svg .res.expired{fill:var(--warn)}svg .res.cancelled{fill:var(--bad)}svg .res.live{fill:var(--ip)}
svg .alloc{stroke:var(--ink);stroke-width:1.2}svg .lane-sep{stroke:#edf0f3}
.legend{color:var(--muted);font-size:12px;margin:4px 0 8px}
.legend .sw{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:-1px;border-radius:2px}
.sw.history{background:var(--base);height:3px}.sw.actual{background:var(--ink);height:3px}.sw.mean{border-top:2px dashed var(--ip);height:0}
.sw.band80{background:var(--ip2)}.sw.band95{background:var(--ip2);opacity:.45}
.sw.res.claimed{background:var(--ok)}.sw.res.expired{background:var(--warn)}.sw.res.cancelled{background:var(--bad)}.sw.res.live{background:var(--ip)}
.sw.alloc{width:2px;height:10px;background:var(--ink)}
footer{color:var(--muted);font-size:12px;text-align:center}
code{background:#eef1f5;padding:1px 4px;border-radius:3px}
`;
