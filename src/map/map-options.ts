/**
 * How the map is made: options, first view and controls. The app (MapView.svelte) and the
 * bench's bare pages (bench/pages) both call this, so a comparison measures only what differs.
 */
import * as maplibregl from 'maplibre-gl';

/** A maplibre map on `container` with RippleMap's options and controls. */
export function createMapView(
  container: HTMLElement | string,
  style: maplibregl.StyleSpecification | string,
): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style,
    center: [12, 50],
    zoom: 3.3,
    attributionControl: false,
    // preserveDrawingBuffer: PNG and PDF exports read the canvas after the frame.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}
