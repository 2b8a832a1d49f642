import { text } from 'node:stream/consumers';
import * as z from 'zod';
import type { Action } from '../domain/catalog.ts';
import { isPlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { UpliftMeasurement } from './uplift.ts';

/** Where the last measurement of uplift is kept: the Home tab shows it without measuring again. */
export const LATEST_MEASUREMENT_KEY = 'measurements/latest.json';

const intervalSchema = z.object({ estimate: z.number(), low: z.number(), high: z.number() });

/** The last `/retention uplift` or `calibrate` measurement, one line per action. */
export const measurementRecordSchema = z.object({
  as_of: z.string(),
  plans: z.number().int().min(0),
  actions: z.array(
    z.object({
      action_id: z.number().int(),
      action_name: z.string(),
      catalog_uplift: z.number().nullable(),
      treated: z.number().int().min(0),
      held_out: z.number().int().min(0),
      relative: intervalSchema.nullable(),
    }),
  ),
});

export type MeasurementRecord = z.infer<typeof measurementRecordSchema>;

/** The summary of a measurement as the Home tab reads it (action names from the catalog measured against). */
export function summariseMeasurement(
  measurements: readonly UpliftMeasurement[],
  catalog: readonly Action[],
  input: { asOf: string; plans: number },
): MeasurementRecord {
  return {
    as_of: input.asOf,
    plans: input.plans,
    actions: measurements.map((m) => {
      const action = catalog.find((a) => a.id === m.action_id);
      return {
        action_id: m.action_id,
        action_name: action?.name ?? `Action ${m.action_id}`,
        catalog_uplift: action?.uplift ?? null,
        treated: m.treatment.customers,
        held_out: m.holdout.customers,
        relative: m.relative ?? null,
      };
    }),
  };
}

/** Overwrites the latest measurement. */
export async function writeLatestMeasurement(store: ObjectStore, record: MeasurementRecord): Promise<void> {
  await store.put(LATEST_MEASUREMENT_KEY, JSON.stringify(record, null, 2), 'application/json');
}

/** The latest measurement; undefined when none was made or the record does not parse. */
export async function readLatestMeasurement(store: ObjectStore): Promise<MeasurementRecord | undefined> {
  try {
    const parsed = measurementRecordSchema.safeParse(
      JSON.parse(await text((await store.get(LATEST_MEASUREMENT_KEY)).body)),
    );
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if ((isPlannerError(error) && error.code === 'NOT_FOUND') || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
