package com.clickstream.attribution.report;

/** The report's inline stylesheet and its "how to read" section (docs/report.md has the long form). */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
            :root { --ink: #1d2733; --muted: #5b6775; --line: #d8dde3; --bg: #f4f6f8; --card: #fff; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
                   font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1280px; margin: 0 auto; padding: 16px; }
            .pairs { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 16px; }
            @media (min-width: 1000px) { .pairs { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
            .pairs .card { margin: 8px 0; }
            header h1 { font-size: 1.5rem; margin: 0.2rem 0; }
            .meta, .desc, .source { color: var(--muted); }
            .source { font-size: 0.8rem; margin-bottom: 0; }
            .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; margin: 14px 0; }
            .figure { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
            .figure .value { display: block; font-size: 1.35rem; font-weight: 600; }
            .figure .name { color: var(--muted); font-size: 0.85rem; }
            nav ul { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0; list-style: none; font-size: 0.9rem; }
            a { color: #0b5cad; }
            .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 16px 0; }
            .card h2 { font-size: 1.15rem; margin: 0 0 4px; }
            .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
            svg.chart { display: block; width: 100%; height: auto; margin: 6px 0 10px; }
            svg.chart .grid { stroke: #e6e9ed; stroke-width: 1; }
            svg.chart .axis { stroke: #8a95a1; stroke-width: 1.2; }
            svg.chart text { fill: var(--ink); font-size: 14px; }
            svg.chart .tick { fill: var(--muted); }
            svg.chart .axis-label { font-size: 15px; font-weight: 600; }
            svg.chart rect.mark:hover { opacity: 0.75; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 6px 0; font-size: 0.85rem; }
            .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
            table.numbers { border-collapse: collapse; font-size: 0.85rem; min-width: 100%; }
            table.numbers th, table.numbers td { padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
            table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
            table.numbers thead th { text-align: right; color: var(--muted); font-weight: 600; }
            table.numbers thead th:first-child, table.numbers tbody th, table.numbers tfoot th { text-align: left; }
            table.numbers tfoot { font-weight: 600; }
            .empty { background: #fff8e6; border: 1px dashed #e0b84d; padding: 8px 10px; border-radius: 6px; }
            .status-failed { color: #b00020; }
            .status-completed_with_skips { color: #a15c00; }
            #reading dt { font-weight: 600; margin-top: 6px; }
            #reading dd { margin: 0 0 0 1rem; }
            @media (max-width: 600px) {
              main { padding: 8px; }
              body { font-size: 14px; }
              .card { padding: 10px; }
              header h1 { font-size: 1.2rem; }
            }
            """;

    static final String READING = """
            <section class="card" id="reading">
            <h2>How to read this report</h2>
            <dl>
            <dt>Days and money</dt>
            <dd>Days are UTC days of the checkout's event time (dead letters: of their arrival). Money is the checkouts'
            total_amount in their own currency, summed as stored.</dd>
            <dt>Where the numbers come from</dt>
            <dd>Every chart names its table; the table under the chart holds exactly the numbers drawn, and each bar's
            tooltip repeats its value. The rollups are written by the batch reconciler for the days it reconciled, so the
            report is as fresh as the last reconciliation.</dd>
            <dt>Models side by side</dt>
            <dd>All models share each checkout's revenue among the same touches (clicks of the user inside the window), so
            every model column adds up to the same total: differences between bars are credit moving between sources.</dd>
            <dt>Stream vs reconciled</dt>
            <dd>"Stream right" checkouts never needed a correction; "corrected" ones have a row in the ledger
            (attribution_corrections), whose reasons the next chart breaks down.</dd>
            </dl>
            </section>
            """;
}
