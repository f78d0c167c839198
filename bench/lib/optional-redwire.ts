/**
 * The contenders of a benchmark in table order: the peers, then redwire. redwire's adapter is
 * imported on demand: while its package is being written the import may fail, and the peers
 * are still worth measuring then.
 */

/**
 * `peers` plus the `redwire` export of the module `load` imports; the peers alone, with a
 * note naming `packageName`, if the import fails.
 */
export async function withOptionalRedwire<Contender>(
  peers: readonly Contender[],
  packageName: string,
  load: () => Promise<{ readonly redwire: Contender }>,
): Promise<Contender[]> {
  try {
    const { redwire } = await load();
    return [...peers, redwire];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`note: redwire skipped, ${packageName} did not load (${reason})\n`);
    return [...peers];
  }
}
