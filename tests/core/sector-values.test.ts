/**
 * Sector values: the proposal for everyday type words in English and the major EU languages,
 * its invariants (idempotent, blind to case and accents), and applying a choice without losing
 * or mutating anything.
 */
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/core/formats.ts';
import {
  applySectorValues,
  keys,
  proposeSectorValues,
  sectorOfWords,
  sectorValuesNeedConfirmation,
  valueCounts,
} from '../../src/core/sector-values.ts';
import { CORE_SECTORS } from '../../src/core/sectors.ts';
import { mulberry32 } from '../../bench/random.ts';

/** Named fixtures: the words planners use, by the sector they stand for. */
const WORDS: Record<string, string[]> = {
  energy: [
    'Power Plant',
    'Substation',
    'Umspannwerk',
    'centrale électrique',
    'Kraftwerk',
    'Kernkraftwerk Emsland',
    'centrale elettrica',
    'elektrownia',
    'central eléctrica',
    'Onderstation',
    'Kerncentrale',
    'podstacja',
    'subestação',
    'Wind Farm',
  ],
  water: [
    'Water Treatment',
    'Wasserwerk',
    "station d'épuration",
    'Station d’Épuration',
    'depuradora',
    'Kläranlage',
    'Klaeranlage',
    'rioolwaterzuivering',
    'oczyszczalnia ścieków',
    'acquedotto',
    'Pumping station',
  ],
  telecom: [
    'Data Centre',
    'Data Center',
    'Telecom Exchange',
    'Rechenzentrum',
    'centre de données',
    'centro de datos',
    'Telefooncentrale',
    'centrum danych',
  ],
  health: [
    'Hospital',
    'Krankenhaus',
    'Klinik',
    'Universitätsklinikum',
    'hôpital',
    'HÔPITAL',
    'Centre hospitalier',
    'ospedale',
    'szpital',
    'ziekenhuis',
    'Academisch Ziekenhuis',
    'clinique',
    'centro de salud',
    'Blood bank',
  ],
  emergency: [
    'Fire station',
    'Feuerwehr',
    'Feuerwache',
    'caserne de pompiers',
    'Emergency Services',
    'Polizeipräsidium',
    'brandweerkazerne',
    'parque de bomberos',
    'vigili del fuoco',
    'straż pożarna',
  ],
  transport: [
    'Airport',
    'Flughafen',
    'Port',
    'Hafen',
    'Rail',
    'Bahnhof',
    'Hauptbahnhof',
    'aéroport',
    'aeropuerto',
    'luchthaven',
    'gare',
    'lotnisko',
    'Stazione Centrale',
  ],
  finance: ['Bank', 'Banque', 'Sparkasse', 'Börse', 'Boerse', 'banco', 'Stock exchange'],
  chemical: ['Chemical Plant', 'Chemiewerk', 'usine chimique', 'planta química', 'Chemiepark'],
  government: ['Rathaus', 'Town hall', 'mairie', 'ayuntamiento', 'stadhuis', 'Ministerium'],
  food: ['Supermarket', 'Molkerei', 'abattoir', 'Food bank'],
};

describe('sectorOfWords', () => {
  for (const [sector, words] of Object.entries(WORDS)) {
    it(`reads ${sector} words in several languages`, () => {
      const wrong = words.filter((w) => sectorOfWords(w) !== sector);
      expect(wrong, `not read as ${sector}`).toEqual([]);
    });
  }

  it('maps core sector ids and the format synonyms to themselves', () => {
    for (const sector of CORE_SECTORS) expect(sectorOfWords(sector)).toBe(sector);
    expect(sectorOfWords('Energy')).toBe('energy');
    expect(sectorOfWords('electricity')).toBe('energy');
  });

  it('says nothing for unknown words, generic words and even ties', () => {
    for (const w of ['Space', 'Lighthouse', 'Plant', 'Station', 'Site 12', '', 'Bakery Hospital'])
      expect(sectorOfWords(w), w).toBeNull();
  });

  it('lets a phrase win over its words', () => {
    expect(sectorOfWords('Blood bank')).toBe('health');
    expect(sectorOfWords('Fire station')).toBe('emergency');
    expect(sectorOfWords('Central bank')).toBe('finance');
  });
});

describe('keys', () => {
  it('folds case, accents and umlaut spellings, and splits words', () => {
    expect(keys('Station d’Épuration')).toEqual(['station', 'd', 'epuration']);
    expect(keys('Kläranlage')).toEqual(keys('KLAERANLAGE'));
    expect(keys('straż pożarna')).toEqual(['straz', 'pozarna']);
    expect(keys('PowerPlant')).toEqual(keys('POWERPLANT'));
    expect(sectorOfWords('PowerPlant')).toBe('energy');
  });
});

describe('proposeSectorValues', () => {
  it('proposes a core sector or keeps the value as its own sector', () => {
    expect(proposeSectorValues(['Umspannwerk', 'Space', 'energy', 'ziekenhuis'])).toEqual({
      Umspannwerk: 'energy',
      Space: 'Space',
      energy: 'energy',
      ziekenhuis: 'health',
    });
  });

  it('asks only when some value would become another sector', () => {
    expect(sectorValuesNeedConfirmation(proposeSectorValues(['energy', 'Power', 'Space']))).toBe(
      false,
    );
    expect(sectorValuesNeedConfirmation(proposeSectorValues(['energy', 'Kraftwerk']))).toBe(true);
  });

  // Property: on random words built from the vocabulary and noise, the proposal is idempotent
  // (proposing over its own targets maps each to itself) and blind to case and accents.
  it('is idempotent and blind to case and accents (seeded random words)', () => {
    const random = mulberry32(15);
    const pool = [...Object.values(WORDS).flat(), 'Space', 'Plant', 'Nord', 'Site', 'Lighthouse'];
    const pick = () => pool[Math.floor(random() * pool.length)]!;
    const noisy = (w: string) =>
      [...w]
        .map((c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase()))
        .join('')
        .normalize(random() < 0.5 ? 'NFD' : 'NFC');
    const plain = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '');
    for (let run = 0; run < 300; run++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
      const value = values.join(random() < 0.5 ? ' ' : ' - ');
      const proposal = proposeSectorValues([value]);
      const target = proposal[value]!;
      expect(proposeSectorValues([target])[target], value).toBe(target);
      const core = sectorOfWords(value);
      expect(sectorOfWords(noisy(value)), value).toBe(core);
      expect(sectorOfWords(plain(value)), value).toBe(core);
    }
  });
});

function records(values: unknown[], extra: Record<string, unknown> = {}): RawRecord[] {
  return values.map((v, i) => ({
    properties: { id: `f${i}`, Type: v, ...extra },
    geometry: { type: 'Point', coordinates: [4, 50] },
    index: i,
    featureId: undefined,
  })) as unknown as RawRecord[];
}

describe('applySectorValues', () => {
  it('sets the sector and keeps the original word as type, without mutating', () => {
    const input = records(['Umspannwerk', 'Space', 'Energy', 'Krankenhaus']);
    const before = JSON.stringify(input);
    const out = applySectorValues(input, 'Type', {
      Umspannwerk: 'energy',
      Space: 'Space',
      Energy: 'energy',
      Krankenhaus: 'health',
    });
    expect(JSON.stringify(input)).toBe(before);
    expect(out.map((r) => [r.properties.sector, r.properties.type])).toEqual([
      ['energy', 'Umspannwerk'],
      [undefined, undefined],
      [undefined, undefined],
      ['health', 'Krankenhaus'],
    ]);
    expect(out[0]!.properties.Type).toBe('Umspannwerk');
  });

  it('keeps an existing type and writes the word as sector_original then', () => {
    const out = applySectorValues(records(['Kraftwerk'], { type: 'CHP' }), 'Type', {
      Kraftwerk: 'energy',
    });
    expect(out[0]!.properties).toMatchObject({
      sector: 'energy',
      type: 'CHP',
      sector_original: 'Kraftwerk',
    });
    const same = applySectorValues(records(['Kraftwerk'], { type: 'Kraftwerk' }), 'Type', {
      Kraftwerk: 'energy',
    });
    expect(same[0]!.properties.sector_original).toBeUndefined();
  });
});

describe('valueCounts', () => {
  it('counts distinct values, most frequent first, and gives up past the limit', () => {
    expect(valueCounts(records(['b', 'a', 'b', ' ', 3]), 'Type')).toEqual([
      { value: 'b', count: 2 },
      { value: '3', count: 1 },
      { value: 'a', count: 1 },
    ]);
    expect(valueCounts(records(['a', 'b', 'c']), 'Type', 2)).toBeNull();
  });
});
