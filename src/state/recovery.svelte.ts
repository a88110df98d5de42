/**
 * Recovery in the viewer (docs/format.md §5, issue #20): the scenario's crews and repair order, and
 * what they give, derived from the app's inventory and scenario with the same core as the CLI.
 */
import { heldOut, type HeldOut } from '../core/recovery-explain.ts';
import {
  recoveryEntries,
  recoverySummary,
  runRecoveryScenario,
  usesRecovery,
  type RecoveryEntry,
  type RecoveryRun,
  type RecoverySummary,
} from '../core/recovery-scenario.ts';
import type { AppState } from './app-state.svelte.ts';

export class RecoveryState {
  /** null: every repair starts at hour 0. */
  crews = $state<number | null>(null);
  /** Ids repaired first, in this order; null: the default order. */
  repairOrder = $state<string[] | null>(null);

  constructor(private readonly app: AppState) {}

  /** True when the inventory has recovery data or the scenario sets crews or an order. */
  active: boolean = $derived.by(() => {
    const p = this.app.indexed;
    return (
      !!p && usesRecovery(p.inventory, { crews: this.crews, repairOrder: this.repairOrder && [] })
    );
  });

  run: RecoveryRun | null = $derived.by(() => {
    const p = this.app.indexed;
    const plain = this.app.run;
    if (!p || !plain || !this.active) return null;
    const listed = (this.repairOrder ?? [])
      .map((id) => p.inventory.indexById.get(id))
      .filter((i): i is number => i !== undefined);
    return runRecoveryScenario(p.inventory, p.graph, p.ids, p.index, {
      compromised: plain.compromised,
      protected: plain.protected,
      radiusKm: this.app.scenario.radiusKm,
      crews: this.crews,
      repairOrder: this.repairOrder === null ? null : listed,
    });
  });

  entries: RecoveryEntry[] = $derived.by(() => {
    const p = this.app.indexed;
    return this.run && p ? recoveryEntries(p.inventory, p.graph, this.run) : [];
  });

  summary: RecoverySummary | null = $derived.by(() => {
    const p = this.app.indexed;
    return this.run && p ? recoverySummary(p.inventory, this.run) : null;
  });

  /** The repairs in the order crews take them (ids), as the run used it. */
  order: string[] = $derived.by(() => {
    const p = this.app.indexed;
    return this.run && p ? Array.from(this.run.result.repairOrder, (v) => p.ids[v]!) : [];
  });

  /** Facilities that backup saved: they fail if nothing is repaired, not with the repairs. */
  heldOut: HeldOut[] = $derived.by(() => {
    const p = this.app.indexed;
    const plain = this.app.run;
    return this.run && plain && p
      ? heldOut(p.inventory, p.graph, plain.result, this.run.result)
      : [];
  });

  /** Moves the repair at `index` one place up (-1) or down (+1) in the order. */
  move(index: number, by: -1 | 1): void {
    const order = [...this.order];
    const to = index + by;
    if (to < 0 || to >= order.length) return;
    [order[index], order[to]] = [order[to]!, order[index]!];
    this.repairOrder = order;
  }
}
