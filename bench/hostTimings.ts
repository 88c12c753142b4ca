// Placeholder until the real-host measurement is wired: see measureHostTimings in the next step.
export async function measureHostTimings(_rounds: number): Promise<{ activationMs: number; formOpenMs: number; emptyWebviewOpenMs: number }> {
  return { activationMs: NaN, formOpenMs: NaN, emptyWebviewOpenMs: NaN };
}
