// The month's daily counts of one license as bars: the dropped days and the
// billed day in their own colours, a day without data as an empty, hatched slot
// (never a zero bar), and the billable level as a line. Colours come from the
// stylesheet (classes), so the chart follows light and dark mode.
import { Bar, BarChart, CartesianGrid, ReferenceArea, ReferenceLine, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from 'recharts';
import type { DayDetail, DayStatus } from '../../app/api-types';
import { dayOfMonth } from '../../app/billing/calendar';
import { formatCount, formatWeekday } from '../lib/format';

interface Point {
  day: string;
  date: string;
  count: number | null;
  status: DayStatus;
}

const LEGEND: { status: DayStatus; label: string }[] = [
  { status: 'counted', label: 'Counted' },
  { status: 'dropped', label: 'Dropped' },
  { status: 'billed', label: 'Billed day' },
  { status: 'gap', label: 'No data (gap)' },
];

function BarShape(props: BarShapeProps) {
  const point = props.payload as Point | undefined;
  const status = point?.status ?? 'counted';
  return (
    <Rectangle
      x={props.x}
      y={props.y}
      width={props.width}
      height={props.height}
      radius={[2, 2, 0, 0]}
      className={`bar bar-${status}`}
      data-date={point?.date}
    />
  );
}

function ChartTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-date">{formatWeekday(point.date)}</div>
      <div>
        {point.count === null ? <span className="muted">No data</span> : <strong>{formatCount(point.count)}</strong>}
        {point.status !== 'counted' && point.status !== 'gap' && <span className={`status status-${point.status}`}>{point.status === 'billed' ? 'Billed day' : 'Dropped'}</span>}
      </div>
    </div>
  );
}

export function DailyChart({ days, billable }: { days: DayDetail[]; billable: number }) {
  const data: Point[] = days.map((d) => ({ day: String(dayOfMonth(d.date)), date: d.date, count: d.count, status: d.status }));
  const gaps = data.filter((d) => d.status === 'gap');
  const counts = data.filter((d) => d.count !== null).length;
  return (
    <div className="daily-chart" data-testid="daily-chart">
      <div className="chart-legend" aria-hidden="true">
        {LEGEND.filter((l) => l.status !== 'gap' || gaps.length > 0).map((l) => (
          <span key={l.status} className="legend-item">
            <span className={`legend-swatch swatch-${l.status}`} />
            {l.label}
          </span>
        ))}
        <span className="legend-item">
          <span className="legend-line" />
          Billable level
        </span>
      </div>
      <div
        className="chart-area"
        role="img"
        aria-label={`Bar chart of ${counts} daily counts; the billable level is ${formatCount(billable)}. The table below lists every day.`}
      >
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 10, right: 104, bottom: 0, left: 0 }} barCategoryGap="18%">
            <CartesianGrid vertical={false} className="chart-grid" />
            <XAxis dataKey="day" interval={0} tickLine={false} axisLine={false} tick={{ fontSize: 11 }} />
            <YAxis width={56} tickLine={false} axisLine={false} tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
            {gaps.map((g) => (
              <ReferenceArea key={g.date} x1={g.day} x2={g.day} className="gap-area" ifOverflow="hidden" />
            ))}
            <Tooltip content={ChartTooltip} cursor={{ className: 'chart-cursor' }} isAnimationActive={false} />
            <Bar dataKey="count" shape={BarShape} isAnimationActive={false} />
            <ReferenceLine
              y={billable}
              className="billable-line"
              strokeDasharray="5 4"
              label={{ value: `Billable ${formatCount(billable)}`, position: 'right', className: 'billable-label' }}
              ifOverflow="extendDomain"
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
