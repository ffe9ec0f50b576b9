// JSON output is the ReportData exactly as built: GitHub text is not altered (consumers escape for their
// own medium), and buildReport creates every object with a fixed key order, so the output is stable.
import type { ReportData } from '../core/report.js';

export function renderReportJson(r: ReportData): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
