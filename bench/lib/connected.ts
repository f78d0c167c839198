/**
 * Opening the contenders' connections for a run and closing them whatever happened, so a
 * benchmark that fails half-way leaves nothing open to keep its servers alive.
 */

/**
 * Connects every contender in order and verifies each as soon as it is connected, runs `body`
 * with the connections (in contender order), then closes every connection that opened.
 */
export async function withConnected<Contender, Connected extends { close(): Promise<void> }, T>(
  contenders: readonly Contender[],
  connect: (contender: Contender) => Promise<Connected>,
  verify: (contender: Contender, connected: Connected) => Promise<void>,
  body: (connected: readonly Connected[]) => Promise<T>,
): Promise<T> {
  const opened: Connected[] = [];
  try {
    for (const contender of contenders) {
      const connected = await connect(contender);
      opened.push(connected);
      await verify(contender, connected);
    }
    return await body(opened);
  } finally {
    // The servers are stopped afterwards whatever happened, so a connection that fails to
    // close cannot keep them alive.
    await Promise.allSettled(opened.map((connected) => connected.close()));
  }
}
