/** Renders rows as a GitHub markdown table, padded so it also reads well in a terminal. */

export type Align = 'left' | 'right';

export interface Column {
  readonly title: string;
  readonly align: Align;
}

export function markdownTable(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, 3, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const pad = (text: string, index: number): string =>
    columns[index]!.align === 'right' ? text.padStart(widths[index]!) : text.padEnd(widths[index]!);
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, index) => pad(cell, index)).join(' | ')} |`;
  const rule = columns.map((column, index) => {
    const dashes = '-'.repeat(widths[index]!);
    return column.align === 'right' ? `${dashes.slice(1)}:` : dashes;
  });

  return [
    line(columns.map((column) => column.title)),
    `| ${rule.join(' | ')} |`,
    ...rows.map((row) => line(columns.map((_, index) => row[index] ?? ''))),
  ].join('\n');
}
