/**
 * Which facility names the map hands maplibre. Every drawn facility's name is shown from
 * ALL_NAMES_ZOOM on (native-layers.ts), where a view holds a town or two: handing maplibre all
 * of them whatever the view cost the page two seconds at 366,000 facilities (its worker
 * messages are serialized on the page). So the names go in for a window around the view only:
 * three views wide and high, kept while the view stays inside it, none when zoomed out.
 */

/** Every name (exports, tests), none, or those inside a lon/lat box [west, south, east, north]. */
export type NameWindow = 'all' | 'none' | readonly [number, number, number, number];

/** The view's bounds, as maplibre's getBounds gives them (west may be below -180). */
export interface ViewBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The window for a view: the previous one while the view stays inside it, else a new one
 * around the view; 'none' below `fromZoom` (the names would not show).
 * @example nameWindow('none', { west: 4.3, south: 50.8, east: 4.5, north: 50.9 }, 12, 10)
 */
export function nameWindow(
  previous: NameWindow,
  view: ViewBounds,
  zoom: number,
  fromZoom: number,
): NameWindow {
  if (zoom < fromZoom) return 'none';
  if (previous !== 'all' && previous !== 'none' && contains(previous, view)) return previous;
  const width = view.east - view.west;
  const height = view.north - view.south;
  if (width >= 120) return 'all';
  return [
    view.west - width,
    Math.max(-90, view.south - height),
    view.east + width,
    Math.min(90, view.north + height),
  ];
}

function contains(window: readonly [number, number, number, number], view: ViewBounds): boolean {
  const [west, south, east, north] = window;
  return view.west >= west && view.east <= east && view.south >= south && view.north <= north;
}

/**
 * Whether a name at lon/lat (-180..180) goes in. The window's longitudes may run past ±180
 * (a view across the antimeridian): the point counts once shifted by 360° into it.
 */
export function inWindow(window: NameWindow, lon: number, lat: number): boolean {
  if (window === 'all') return true;
  if (window === 'none') return false;
  const [west, south, east, north] = window;
  if (lat < south || lat > north) return false;
  return (
    (lon >= west && lon <= east) ||
    (lon + 360 >= west && lon + 360 <= east) ||
    (lon - 360 >= west && lon - 360 <= east)
  );
}
