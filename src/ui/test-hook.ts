/**
 * A small read-only window into the app for end-to-end tests: counts of what is drawn and of
 * what failed, so tests need not read pixels alone. Exposed as `window.__ripplemap`.
 */
import type { AppState } from '../state/app-state.svelte.ts';
import { dependencyTableToJson } from '../core/dependency-table.ts';

interface LayerLike {
  id: string;
  props: { data?: unknown; visible?: boolean };
}

function count(data: unknown): number {
  if (data && typeof data === 'object' && 'length' in data)
    return (data as { length: number }).length;
  if (data && typeof data === 'object' && 'features' in data) {
    return (data as { features: unknown[] }).features.length;
  }
  return 0;
}

/** What the hook asks of the map (App.svelte answers). */
export interface MapProbe {
  rendered(layer: string): string[];
  jumpTo(lon: number, lat: number, zoom: number): void;
  stackOf(id: string): string[];
  drawnAt(id: string): [number, number] | null;
}

export function exposeTestHook(
  app: AppState,
  layers: () => unknown[],
  mapReady: () => boolean,
  view: () => { center: [number, number]; zoom: number } | null,
  basemap: () => unknown = () => null,
  project: (lon: number, lat: number) => [number, number] | null = () => null,
  zoneSource: () => Promise<unknown> = async () => null,
  map: MapProbe | null = null,
): void {
  const hook = {
    /**
     * The first vertex of each impact-zone polygon maplibre was given (its zone source), after
     * the map settled: the drawn radius is its distance from the compromised facility.
     */
    async drawnZoneEdge(): Promise<[number, number][]> {
      const data = (await zoneSource()) as {
        features?: { geometry: { coordinates: [number, number][][] } }[];
      } | null;
      return (data?.features ?? []).map((f) => f.geometry.coordinates[0]![0]!);
    },
    /** Sector and original type by facility id (the first 1,000 facilities). */
    get sectors() {
      const out: Record<string, [string, string | null]> = {};
      for (const f of app.inventory?.facilities.slice(0, 1000) ?? []) {
        const type = f.properties.type;
        out[f.id] = [f.sector, typeof type === 'string' ? type : null];
      }
      return out;
    },
    /** Names maplibre drew on a symbol layer (e.g. 'basemap-cities', 'facility-labels'). */
    rendered: (layer: string) => map?.rendered(layer) ?? [],
    /** Moves the map at once (no animation). */
    jumpTo: (lon: number, lat: number, zoom: number) => map?.jumpTo(lon, lat, zoom),
    /** The ids of the facilities sharing a site with this one (itself included), or []. */
    stackOf: (id: string) => map?.stackOf(id) ?? [],
    /** Where a facility is drawn (fanned out in a stack), in CSS pixels, or null. */
    drawnAt: (id: string) => map?.drawnAt(id) ?? null,
    /** Where a lon/lat is drawn, in CSS pixels from the map's top left corner. */
    project,
    /** SHA-256 of the inventory as JSON (facilities, dependencies, report, files). */
    async digest(): Promise<string> {
      const inv = app.inventory;
      if (!inv) return '';
      const { facilities, dependencies, errors, warnings, files } = inv;
      const text = JSON.stringify({
        facilities,
        dependencies: dependencyTableToJson(dependencies),
        errors,
        warnings,
        files,
      });
      const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
      return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
    },
    /** The basemap in use: choice, status, message, credit, the map's layer ids. */
    get basemap() {
      return JSON.parse(JSON.stringify(basemap()));
    },
    get view() {
      return view();
    },
    get ready() {
      return mapReady() && app.inventory !== null && app.loading === null;
    },
    get drawn() {
      const out: Record<string, number> = {};
      for (const layer of layers() as LayerLike[]) {
        out[layer.id] = layer.props.visible === false ? 0 : count(layer.props.data);
      }
      return out;
    },
    /** The content hash scenario files name their inventory by. */
    get inventoryHash() {
      return app.inventoryHash;
    },
    get facilities() {
      return app.inventory?.facilities.length ?? 0;
    },
    get dependencies() {
      return app.inventory?.dependencies.length ?? 0;
    },
    get failedCount() {
      return app.summary?.failed ?? 0;
    },
    /** Ids of the failed facilities, in the order the CLI prints them (wave, hours, id). */
    get failedIds() {
      const order = app.run?.result.order;
      const ids = app.indexed?.ids;
      return order && ids ? Array.from(order, (v) => ids[v]) : [];
    },
    /** The dependencies the map draws, as "provider->dependent service" by id, sorted. */
    get drawnDependencyKeys() {
      const rows = app.mapModel?.arcs;
      const inventory = app.inventory;
      if (!rows || !inventory) return [];
      const { from, to, service, services } = inventory.dependencies;
      const id = (i: number) => inventory.facilities[i]!.id;
      const keys = Array.from(
        rows,
        (k) => `${id(from[k]!)}->${id(to[k]!)} ${services[service[k]!]}`,
      );
      return keys.sort();
    },
    get summary() {
      return app.summary ? JSON.parse(JSON.stringify(app.summary)) : null;
    },
    get scenario() {
      return JSON.parse(JSON.stringify(app.scenario));
    },
    get selectedId() {
      return app.selected >= 0 ? (app.indexed?.ids[app.selected] ?? null) : null;
    },
  };
  Object.defineProperty(window, '__ripplemap', { value: hook, configurable: true });
}
