// The public types this alpha API uses are imported by the package's name,
// as its users import them.
import type {
  MlPatternsRuleRegistry,
  MlPatternsRulesExtensionPoint,
} from '@ml-patterns/plugin-ml-patterns-node';

/**
 * The implementation the catalog module and the backend plugin register
 * for their extension point: it adds to their rule registry, which refuses
 * a malformed rule (`InputError`) and an id that is already taken
 * (`ConflictError`), so a clash fails backend start-up in both.
 *
 * @alpha
 */
export function rulesExtensionPointFor(
  registry: MlPatternsRuleRegistry,
): MlPatternsRulesExtensionPoint {
  return { addRules: (...rules) => registry.addRules(...rules) };
}
