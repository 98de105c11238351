package io.hookrun.asl;

import java.util.Map;

/**
 * What every state's checks need to know about the whole definition.
 *
 * @param scopeOfState           every state name of the definition, nested ones included, with the label of the scope
 *                               it belongs to: a transition to a state of another scope is refused as such
 * @param statesInheritJsonPath  whether a state without its own QueryLanguage takes JSONPath from the state machine
 *                               (QueryLanguage absent or "JSONPath" at the top level) while other states declare
 *                               JSONata: each such state is then refused on its own
 * @param limits                 the bounds set by where hookrun runs a state
 */
record DefinitionContext(Map<String, String> scopeOfState, boolean statesInheritJsonPath, DefinitionLimits limits) {
}
