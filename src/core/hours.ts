/** How the app, the CLI and the briefings write a time after the attack. */

/** Formats hours as "+0 h", "+36 h", "+2.5 h". */
export function formatHours(hours: number): string {
  const rounded = Math.round(hours * 100) / 100;
  return `+${rounded} h`;
}
