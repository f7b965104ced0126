/**
 * Shapes shared by request bodies. Names of ids (`ids` keys) are the system names configured in
 * the Mindbox project (`mindboxId`, `websiteId`, `retailCrmId`, …), so they are open maps.
 */

/** An `ids` node: id system name -> value. */
export type MindboxIds = Record<string, string | number>;

/** A reference to an entity by its ids (`{ "ids": { … } }`). */
export interface MindboxRef<I extends MindboxIds = MindboxIds> {
  ids: I;
}

/** A money amount or quantity; Mindbox also takes decimal strings ("1699.00"). */
export type MindboxDecimal = number | string;

/** Values of `customFields`: the project's additional fields, by system name. */
export type MindboxCustomFields = Record<string, string | number | boolean | null>;
