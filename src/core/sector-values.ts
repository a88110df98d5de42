/**
 * Sector values: planners' sector columns hold the words they use every day ("Power Plant",
 * "Umspannwerk", "ziekenhuis", "caserne de pompiers"), not the core vocabulary. This module
 * proposes a core sector for each distinct value (English and the major EU languages, word- and
 * stem-based, accent- and case-insensitive) and applies a confirmed choice, keeping the original
 * word as the facility's `type`. Pure: records are never mutated.
 */
import type { RawRecord } from './formats.ts';
import { CORE_SECTORS, isCoreSector, normalizeSector, type CoreSector } from './sectors.ts';

/**
 * Original sector value -> the core sector id it stands for, or the value itself to keep it as
 * its own sector. Plain data: crosses the worker boundary and is saved in mapping files.
 */
export type SectorValues = Record<string, string>;

/** A distinct value of a column and how many records hold it. */
export interface ValueCount {
  value: string;
  count: number;
}

/**
 * The vocabulary, per sector: `word` matches a whole word (an English plural `s` too), `a b`
 * matches those words in a row (and uses them up), `*stem` matches inside a compound word
 * (Kern*kraftwerk*, Haupt*bahnhof*; the longest stem in a word counts), `~` marks a weak hint
 * (weight 1, e.g. "centrale"). Written
 * as keys(): folded like the values (accents off, umlaut spellings joined), so "hôpital",
 * "Hopital" and "HÔPITAL" are one word.
 */
const VOCABULARY: Record<Exclude<CoreSector, 'other'>, string> = {
  energy: [
    'power|electricity|electric|electrical|energy|substation|sub station|power plant|power station',
    '*powerplant|*powerstation',
    'generating station|generator|transformer|grid|nuclear|wind farm|windfarm|wind park|solar',
    'solar farm|photovoltaic|hydro|hydroelectric|gas|lng|oil|refinery|pipeline|coal|biomass',
    'converter station|interconnector|*kraftwerk|*umspann|*energie|*strom',
    '*trafo|*windpark|*solarpark|*raffinerie|gaswerk|stadtwerke|centrale electrique',
    'centrale nucleaire|centrale thermique|poste electrique|poste source|sous station|electricite',
    'transformateur|eolien|eolienne|central electrica|central nuclear|central termica|subestacion',
    'electricidad|energia|electrica|electrico|centrale elettrica|centrale nucleare|sottostazione',
    'elettrica|elettricita|cabina primaria|~centrale|~*centrale|*krachtcentrale|*kerncentrale',
    '*onderstation|*schakelstation|*kolencentrale|*gascentrale',
    '*transformatorstation|*elektriciteit|*stroom|*elektrownia|podstacja|energetyka|*energetyczn',
    'gazownia|rafineria|central eletrica|subestacao|eletricidade|usina|petroleo|gasoducto',
  ].join('|'),
  water: [
    'water|water treatment|water works|waterworks|wastewater|waste water|sewage|sewer|sewerage',
    'pumping station|pump station|reservoir|dam|desalination|water tower|drinking water',
    'treatment works|*wasser|klaranlage|klarwerk|*pumpwerk|talsperre|eau|eau potable',
    'station d epuration|epuration|chateau d eau|assainissement|barrage|usine d eau|depuradora',
    '*depurador|agua|aguas|potabilizadora|edar|etap|saneamiento|embalse|presa|acqua|acquedotto',
    '*depurator|potabilizzatore|idrico|idrica|*water|*zuivering|rwzi|gemaal|*waterleiding',
    'woda|wody|*wodociag|*oczyszczalni|kanalizacja|etar|*tratamento de agua',
  ].join('|'),
  telecom: [
    'telecom|telecoms|telecommunications|telecommunication|telephone|telephone exchange',
    'telecom exchange|data centre|data center|datacentre|datacenter|data centres|data centers',
    'mast|antenna|cell tower|radio|broadcast|broadcasting|transmitter|internet exchange|ixp',
    'fibre|fiber|cable landing|satellite|isp|*rechenzentrum|*fernmelde',
    '*vermittlungsstelle|*sendemast|*funk|*telekom|sender|*datenbank|centre de donnees',
    'central telephonique|telephonique|antenne|relais|centro de datos|central telefonica',
    'telefonica|telecomunicaciones|antena|centro dati|centrale telefonica|telecomunicazioni',
    'ripetitore|*telefoon|*zendmast|*datacentrum|centrum danych|serwerownia|centrala telefoniczna',
    '*telekomunikac|nadajnik|maszt|centro de dados|telecomunicacoes',
  ].join('|'),
  health: [
    'hospital|hospitals|clinic|health|healthcare|health care|medical|pharmacy|blood bank',
    'nursing home|care home|health centre|health center|*krankenhaus|*klinik|*spital',
    '*gesundheit|*apotheke|arztpraxis|*pflegeheim|hopital|hopitaux|*clinic|clinique|*hospital',
    'sante|chemist',
    'pharmacie|chu|clinica|centro de salud|salud|ambulatorio|farmacia|ospedale|*ospedal',
    'sanita|*sanitari|*ziekenhuis|*kliniek|*gezondheid|apotheek|huisarts|verpleeghuis|*szpital',
    'przychodnia|zdrowie|zdrowia|apteka|saude|centro de saude|bloedbank|blutbank',
  ].join('|'),
  emergency: [
    'emergency|emergency services|emergency service|fire|fire station|fire brigade',
    'fire department|fire and rescue|police|police station|ambulance|ambulance station|rescue',
    'civil protection|coast guard|coastguard|dispatch|*feuerwehr|*feuer|*polizei|*rettung',
    '*leitstelle|*katastrophenschutz|notruf|thw|*pompier|caserne de pompiers|sdis|gendarmerie',
    'commissariat|secours|samu|protection civile|*bombero|policia|guardia civil|emergencias',
    'proteccion civil|vigili del fuoco|fuoco|carabinieri|polizia|protezione civile|soccorso',
    'emergenza|*brandweer|politie|*ambulancepost|meldkamer|hulpdiensten|veiligheidsregio',
    'straz pozarna|*pozarn|policja|*ratownic|pogotowie|bombeiros|protecao civil|emergencia',
  ].join('|'),
  transport: [
    'airport|airports|airfield|port|ports|harbour|harbor|seaport|rail|railway|railroad|train',
    'train station|railway station|bus station|metro|tram|highway|motorway|road|bridge|tunnel',
    'logistics|ferry|shipping|freight|~terminal|container terminal|*flughafen|*hafen|*flugplatz',
    '*bahnhof|*bahn|*verkehr|*brucke|*logistik|aeroport|aeroports|gare|sncf|*ferroviair',
    'autoroute|pont|aeropuerto|puerto|tren|ferrocarril|*ferroviari|autopista|renfe|adif',
    'aeroporto|porto|stazione|ferrovia|autostrada|*traspor|*luchthaven|*haven|*trein|*spoor',
    'snelweg|lotnisko|port lotniczy|dworzec|*kolej|estacao ferroviaria|comboio',
  ].join('|'),
  finance: [
    'bank|banks|banking|finance|financial|stock exchange|atm|clearing|clearing house|payment',
    'payments|insurance|central bank|*bank|*sparkasse|*borse|banque|bourse|assurance',
    'banco|bolsa|finanzas|seguros|banca|borsa|finanza|assicurazioni|beurs|verzekeraar|gielda',
    'finanse|ubezpieczenia|financas|seguradora',
  ].join('|'),
  chemical: [
    'chemical|chemicals|chemical plant|chemical works|petrochemical|seveso|fertiliser|fertilizer',
    '*chemi|*chimi|*quimic|*chemiczn',
  ].join('|'),
  government: [
    'government|ministry|city hall|town hall|parliament|embassy|administration|council',
    'municipality|*rathaus|*ministerium|*regierung|*verwaltung|*behorde|landratsamt|mairie',
    'hotel de ville|prefecture|ministere|gouvernement|ayuntamiento|ministerio|gobierno',
    'administracion|comune|municipio|ministero|governo|prefettura|*gemeentehuis|stadhuis',
    'gemeente|*ministerie|overheid|rijksoverheid|urzad|ministerstwo|ratusz|gmina|starostwo',
    'camara municipal',
  ].join('|'),
  food: [
    'food|agriculture|farm|dairy|bakery|supermarket|food processing|grain|silo|abattoir',
    'slaughterhouse|*lebensmittel|*landwirtschaft|*molkerei|*backerei|*schlachthof',
    '*supermarkt|ernahrung|alimentaire|alimentation|laiterie|boulangerie|supermarche',
    'alimentacion|alimentos|agricultura|granja|matadero|supermercado|alimentare|agricoltura',
    'caseificio|macello|supermercato|voedsel|levensmiddelen|landbouw|zuivel|slachterij',
    'zywnosc|rolnictwo|mleczarnia|piekarnia|alimentar|food bank|voedselbank',
  ].join('|'),
};

/** Weights: a phrase says most, a word much, a weak word (`~`) little. */
const PHRASE = 3;
const WORD = 2;
const WEAK = 1;

interface Vocabulary {
  words: Map<string, { sector: string; weight: number }>;
  /** Longest first, so a phrase inside a longer one never wins over it. */
  phrases: { tokens: string[]; sector: string }[];
  /** Longest first: the longest stem inside a compound word is the one that counts. */
  stems: { stem: string; sector: string; weight: number }[];
}

let vocabulary: Vocabulary | null = null;

function vocabularyOf(): Vocabulary {
  if (vocabulary) return vocabulary;
  const words = new Map<string, { sector: string; weight: number }>();
  const phrases: Vocabulary['phrases'] = [];
  const stems: Vocabulary['stems'] = [];
  for (const [sector, list] of Object.entries(VOCABULARY)) {
    for (const entry of list.split('|')) {
      const weak = entry.startsWith('~');
      const word = weak ? entry.slice(1) : entry;
      const weight = weak ? WEAK : WORD;
      if (word.startsWith('*')) stems.push({ stem: keys(word.slice(1)).join(''), sector, weight });
      else if (weak) words.set(keys(word).join(''), { sector, weight });
      else {
        const tokens = keys(entry);
        if (tokens.length > 1) phrases.push({ tokens, sector });
        else if (tokens[0]) words.set(tokens[0], { sector, weight: WORD });
      }
    }
  }
  for (const sector of CORE_SECTORS) words.set(sector, { sector, weight: PHRASE });
  phrases.sort((a, b) => b.tokens.length - a.tokens.length);
  stems.sort((a, b) => b.stem.length - a.stem.length || b.weight - a.weight);
  return (vocabulary = { words, phrases, stems });
}

/**
 * A value as matching keys: lower-cased, accents off, umlaut spellings joined (`ä` and `ae`
 * both become `a`), split into words at anything but letters and digits.
 * @example keys('Station d’Épuration') // ['station', 'd', 'epuration']
 */
export function keys(value: string): string[] {
  return value
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/[øœ]/g, 'o')
    .replace(/æ/g, 'a')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/**
 * The core sector a value stands for, or null when the words do not say (unknown words, or two
 * sectors equally likely).
 * @example sectorOfWords('Umspannwerk Nord') === 'energy'; sectorOfWords('Bakery Hospital') === null
 */
export function sectorOfWords(value: string): CoreSector | null {
  const known = normalizeSector(value);
  if (isCoreSector(known) && known !== 'other') return known;
  const { words, phrases, stems } = vocabularyOf();
  const tokens = keys(value);
  const used = new Array<boolean>(tokens.length).fill(false);
  const score = new Map<string, number>();
  const add = (sector: string, weight: number) =>
    score.set(sector, (score.get(sector) ?? 0) + weight);
  for (const { tokens: phrase, sector } of phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (phrase.every((t, k) => tokens[i + k] === t && !used[i + k])) {
        for (let k = 0; k < phrase.length; k++) used[i + k] = true;
        add(sector, PHRASE);
      }
    }
  }
  tokens.forEach((token, i) => {
    if (used[i]) return;
    const word =
      words.get(token) ??
      (token.length > 3 && token.endsWith('s') ? words.get(token.slice(0, -1)) : undefined);
    if (word) return add(word.sector, word.weight);
    const stem = stems.find((s) => token.includes(s.stem));
    if (stem) add(stem.sector, stem.weight);
  });
  let best: string | null = null;
  let top = 0;
  let tie = false;
  for (const [sector, n] of score) {
    if (n > top) [best, top, tie] = [sector, n, false];
    else if (n === top) tie = true;
  }
  return best !== null && !tie && isCoreSector(best) ? best : null;
}

/**
 * Proposes a sector for each distinct value: the core sector its words name, else the value
 * itself (kept as its own sector). Values that already are core sector ids map to themselves.
 * Idempotent: proposing over the proposal's own targets maps each to itself.
 * @example proposeSectorValues(['Kraftwerk', 'Space port']) // { Kraftwerk: 'energy', 'Space port': 'transport' }
 */
export function proposeSectorValues(values: readonly string[]): SectorValues {
  const out: SectorValues = Object.create(null) as SectorValues;
  for (const value of values) {
    if (Object.hasOwn(out, value)) continue;
    out[value] = sectorOfWords(value) ?? value;
  }
  return out;
}

/** Whether a choice does something the format would not do on its own (normalizeSector). */
export function changesSector(value: string, target: string): boolean {
  return normalizeSector(target) !== normalizeSector(value);
}

/** Whether a proposal needs the user's eye: some value would become another sector. */
export function sectorValuesNeedConfirmation(values: SectorValues): boolean {
  return Object.entries(values).some(([value, target]) => changesSector(value, target));
}

/**
 * The distinct text values of a field with their counts, most frequent first (then by value);
 * null when there are more than `limit` of them (not a sector column).
 */
export function valueCounts(
  records: readonly RawRecord[],
  field: string,
  limit = 200,
): ValueCount[] | null {
  const counts = new Map<string, number>();
  for (const r of records) {
    const v = Object.hasOwn(r.properties, field) ? r.properties[field] : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const text = String(v).trim();
    if (text === '') continue;
    counts.set(text, (counts.get(text) ?? 0) + 1);
    if (counts.size > limit) return null;
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The entries that change a record: the word is not its sector as written (but for case). */
function activeValues(sectorValues: SectorValues): Map<string, string> {
  const active = new Map<string, string>();
  for (const [value, target] of Object.entries(sectorValues)) {
    if (typeof target !== 'string' || target.trim() === '') continue;
    if (normalizeSector(target) === value.trim().toLowerCase().replace(/\s+/g, ' ')) continue;
    active.set(value.trim(), target);
  }
  return active;
}

/** Whether applySectorValues would change any record holding these values. */
export function sectorValuesActive(sectorValues: SectorValues): boolean {
  return activeValues(sectorValues).size > 0;
}

/**
 * Applies confirmed sector values: a record whose `sectorColumn` holds a mapped value gets
 * `sector` set to the chosen sector, and the original word as `type` (when the record has a
 * `type` of another value already, as `sector_original`). A value that is its sector as written
 * but for case ("Energy" -> energy, "Space" kept as its own) leaves the record as it is.
 * Records and their properties are never mutated.
 * @example applySectorValues(records, 'Type', { Umspannwerk: 'energy' })
 */
export function applySectorValues(
  records: readonly RawRecord[],
  sectorColumn: string,
  sectorValues: SectorValues,
): RawRecord[] {
  const active = activeValues(sectorValues);
  if (active.size === 0) return records.slice();
  return records.map((record) => {
    const source = record.properties;
    const raw = Object.hasOwn(source, sectorColumn) ? source[sectorColumn] : undefined;
    if (typeof raw !== 'string' && typeof raw !== 'number') return record;
    const word = String(raw).trim();
    const target = active.get(word);
    if (target === undefined) return record;
    const properties: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(source)) properties[key] = source[key];
    properties.sector = target;
    const type = source.type;
    if (type === undefined || type === null || type === '') properties.type = word;
    else if (String(type).trim() !== word) properties.sector_original = word;
    return { ...record, properties };
  });
}

/**
 * The column a source's sectors are read from after the field mapping: the mapped field, else
 * the format's own `sector`.
 */
export function sectorColumnOf(mapping: { sector?: string }): string {
  return mapping.sector && mapping.sector !== '' ? mapping.sector : 'sector';
}
