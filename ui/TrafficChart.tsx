import { formatRate } from "./format";
import { t } from "./i18n";
import { HISTORY_WINDOW_MS, trafficPoints, type StatsSample } from "./stats-history";

const WIDTH = 320;
const HEIGHT = 44;
const WINDOW_S = HISTORY_WINDOW_MS / 1000;

interface TrafficChartProps {
  history: readonly StatsSample[];
}

function path(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
}

/**
 * HTTP vs P2P download rate over the last minute: two lines in an inline SVG (no chart library:
 * two polylines do not need one). The newest point is on the right.
 */
export function TrafficChart({ history }: TrafficChartProps) {
  const points = trafficPoints(history);
  const highest = Math.max(0, ...points.flatMap((p) => [p.http, p.p2p]));
  const peak = Math.max(1, highest);
  const x = (age: number) => WIDTH - (age / WINDOW_S) * WIDTH;
  const y = (rate: number) => HEIGHT - 2 - (rate / peak) * (HEIGHT - 4);
  const line = (pick: (p: (typeof points)[number]) => number) =>
    path(points.map((p) => ({ x: x(p.age), y: y(pick(p)) })));
  const latest = points.at(-1);
  const summary =
    latest === undefined
      ? t("chartNoTraffic")
      : t("chartNow", formatRate(latest.http), formatRate(latest.p2p));

  return (
    <figure className="chart" aria-label={t("chartLabel")}>
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={summary}
      >
        <line className="chart-base" x1="0" x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} />
        {points.length > 1 ? (
          <>
            <path className="chart-http" d={line((p) => p.http)} />
            <path className="chart-p2p" d={line((p) => p.p2p)} />
          </>
        ) : null}
      </svg>
      {highest === 0 ? (
        <p className="chart-empty muted small" aria-hidden="true">
          {t("chartEmpty")}
        </p>
      ) : null}
      <figcaption className="chart-legend small">
        <span>
          <i className="swatch swatch-http" aria-hidden="true" /> HTTP
        </span>
        <span>
          <i className="swatch swatch-p2p" aria-hidden="true" /> {t("statsPeers")}
        </span>
        <span className="muted">
          {t("chartWindow")}
          {highest === 0 ? "" : ` · ${t("chartPeak", formatRate(highest))}`}
        </span>
      </figcaption>
    </figure>
  );
}
