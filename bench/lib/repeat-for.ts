/** The timing loop of the workloads that await one operation before starting the next. */

/** Runs `op` one after another, awaiting each, until `budgetMs` have passed (at least once). */
export async function repeatFor(
  budgetMs: number,
  op: () => Promise<void>,
): Promise<{ ops: number; seconds: number }> {
  let ops = 0;
  const start = performance.now();
  const deadline = start + budgetMs;
  let now = start;
  do {
    await op();
    ops++;
    now = performance.now();
  } while (now < deadline);
  return { ops, seconds: (now - start) / 1000 };
}
