/**
 * The recovery flags of the analyze command (docs/format.md §5): `--crews N` and
 * `--repair-order IDS`.
 */
import type { RecoveryOptions } from '../core/recovery-scenario.ts';
import type { Inventory } from '../core/types.ts';

/** `--crews N`: a whole number >= 1, or undefined for anything else (a usage error). */
export function parseCrews(text: string): number | undefined {
  const t = text.trim();
  const crews = /^\+?\d+$/.test(t) ? Number(t) : NaN;
  return crews >= 1 && Number.isSafeInteger(crews) ? crews : undefined;
}

/** The scenario's crews and repair order as indices; ids not in the inventory are an error. */
export function recoveryOptions(
  inventory: Pick<Inventory, 'indexById'>,
  args: { crews: number | null; repairOrder: string[] | null },
): ({ ok: true } & RecoveryOptions) | { ok: false; message: string } {
  if (args.repairOrder === null) return { ok: true, crews: args.crews, repairOrder: null };
  const unknown = args.repairOrder.filter((id) => !inventory.indexById.has(id));
  if (unknown.length > 0) {
    const list = [...new Set(unknown)].map((id) => `"${id}"`).join(', ');
    return { ok: false, message: `--repair-order: unknown facility id(s): ${list}` };
  }
  const order = [...new Set(args.repairOrder)].map((id) => inventory.indexById.get(id)!);
  return { ok: true, crews: args.crews, repairOrder: order };
}
