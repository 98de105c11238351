package io.hookrun.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hookrun.asl.ValidatorFixture.HTTP;
import static io.hookrun.asl.ValidatorFixture.definition;
import static io.hookrun.asl.ValidatorFixture.json;
import static io.hookrun.asl.ValidatorFixture.problems;
import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.task;
import static io.hookrun.asl.ValidatorFixture.valid;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DefinitionValidator} through {@link StateMachine#parse}: the top level, the scopes (top level, Parallel
 * branches, Map ItemProcessors, recursively), state names, the graph of each scope, and every problem of a definition
 * reported at once with its location, in a stable order. The fields of each state type are {@link StateValidatorTest}'s.
 */
class DefinitionValidatorTest {

    // ---- valid definitions ----

    @Test
    void minimalDefinition_parses() {
        StateMachine machine = validStates("'A': {'Type': 'Succeed'}");

        assertThat(machine.startAt()).isEqualTo("A");
        assertThat(machine.stateType("A")).isEqualTo("Succeed");
        assertThat(machine.stateNames()).containsExactly("A");
    }

    @Test
    void definitionUsingEveryStateTypeRetryCatchAndVariables_parses() {
        StateMachine machine = valid(json("""
                {'QueryLanguage': 'JSONata', 'Comment': 'all types', 'Version': '1.0', 'TimeoutSeconds': 300,
                 'StartAt': 'Prepare',
                 'States': {
                  'Prepare': {'Type': 'Pass', 'Assign': {'orderId': '{% $states.input.id %}', 'attempt': 0},
                              'Output': {'id': '{% $states.input.id %}', 'list': ['x', '{% 1 + 1 %}']}, 'Next': 'Fetch'},
                  'Fetch': {'Type': 'Task', 'Resource': '@HTTP@', 'TimeoutSeconds': 10, 'HeartbeatSeconds': 5,
                            'Arguments': {'ApiEndpoint': 'https://example.com/orders', 'Method': 'GET',
                                          'Headers': {'Accept': 'application/json'}, 'QueryParameters': {'id': '{% $orderId %}'}},
                            'Retry': [{'ErrorEquals': ['States.Http.Socket', 'States.Timeout'], 'IntervalSeconds': 2,
                                       'MaxAttempts': 3, 'BackoffRate': 1.5, 'MaxDelaySeconds': 30, 'JitterStrategy': 'FULL'},
                                      {'ErrorEquals': ['States.ALL'], 'MaxAttempts': 0}],
                            'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Broken',
                                       'Output': '{% $states.errorOutput %}', 'Assign': {'failed': true}}],
                            'Output': '{% $states.result.ResponseBody %}', 'Next': 'Decide'},
                  'Decide': {'Type': 'Choice', 'Choices': [
                      {'Condition': '{% $states.input.ok %}', 'Next': 'Pause', 'Output': {'ok': true}, 'Assign': {'route': 'ok'}},
                      {'Condition': true, 'Next': 'Broken', 'Comment': 'catch-all'}],
                    'Default': 'Pause', 'Assign': {'route': 'default'}},
                  'Pause': {'Type': 'Wait', 'Seconds': 2, 'Next': 'Until'},
                  'Until': {'Type': 'Wait', 'Timestamp': '2030-01-01T00:00:00Z', 'Next': 'Fan'},
                  'Fan': {'Type': 'Parallel', 'Arguments': {'id': '{% $orderId %}'},
                          'Branches': [
                            {'StartAt': 'Left', 'Comment': 'left', 'States': {'Left': {'Type': 'Pass', 'Assign': {'side': 'l'}, 'End': true}}},
                            {'StartAt': 'Right', 'States': {'Right': {'Type': 'Pass', 'Assign': {'side': 'r'}, 'End': true}}}],
                          'Retry': [{'ErrorEquals': ['States.BranchFailed']}],
                          'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Broken'}],
                          'Assign': {'sides': '{% $states.result %}'}, 'Next': 'Each'},
                  'Each': {'Type': 'Map', 'Items': '{% $states.input.items %}', 'MaxConcurrency': 10,
                           'ItemSelector': {'value': '{% $states.context.Map.Item.Value %}'},
                           'ToleratedFailureCount': 1, 'ToleratedFailurePercentage': 50,
                           'ItemProcessor': {'ProcessorConfig': {'Mode': 'INLINE'}, 'StartAt': 'Work',
                             'States': {'Work': {'Type': 'Pass', 'Output': '{% $states.input.value %}', 'End': true}}},
                           'Catch': [{'ErrorEquals': ['States.ExceedToleratedFailureThreshold'], 'Next': 'Done'}],
                           'Next': 'Done'},
                  'Done': {'Type': 'Succeed', 'Output': '{% $states.input %}'},
                  'Broken': {'Type': 'Fail', 'Error': 'Order.Broken', 'Cause': '{% \\'order \\' & $orderId %}'}
                 }}""".replace("@HTTP@", HTTP)));

        assertThat(machine.stateNames()).containsExactly("Prepare", "Fetch", "Decide", "Pause", "Until", "Fan", "Left",
                "Right", "Each", "Work", "Done", "Broken");
        assertThat(machine.stateType("Left")).isEqualTo("Pass");
    }

    // ---- top level ----

    @Test
    void invalidJson_isOneProblemSayingSo() {
        assertThat(problems("{\"QueryLanguage\": \"JSONata\", \"StartAt\": "))
                .singleElement().asString().startsWith("the definition is not valid JSON");
    }

    @Test
    void jsonWithTrailingGarbage_isInvalidJson() {
        assertThat(problems(definition("'A': {'Type': 'Succeed'}") + " }"))
                .singleElement().asString().startsWith("the definition is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"JSONata\"", "42", "null"})
    void definitionThatIsNotAnObject_isRefused(String notAnObject) {
        assertThat(problems(notAnObject)).containsExactly("the definition must be a JSON object");
    }

    @Test
    void queryLanguageMissing_isRequiredBecauseTheDefaultIsJsonPath() {
        assertThat(problems(json("{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .singleElement().asString().startsWith("QueryLanguage: is required and must be \"JSONata\"")
                .contains("JSONPath", "not supported yet");
    }

    @Test
    void queryLanguageJsonPath_isRefusedAsNotSupportedYet() {
        assertThat(problems(json("{'QueryLanguage': 'JSONPath', 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("QueryLanguage: 'JSONPath' is not supported yet; use \"JSONata\"");
    }

    @Test
    void machineWithoutQueryLanguageWhoseStatesAllDeclareJsonata_isAccepted() {
        // Specification, "Query Languages": a state's own QueryLanguage overrides the machine's (JSONPath by default).
        StateMachine machine = valid(json("""
                {'StartAt': 'A', 'States': {
                  'A': {'Type': 'Map', 'QueryLanguage': 'JSONata', 'Items': [1], 'End': true, 'ItemProcessor': {
                    'StartAt': 'B', 'States': {'B': {'Type': 'Succeed', 'QueryLanguage': 'JSONata'}}}}}}"""));

        assertThat(machine.stateNames()).containsExactly("A", "B");
    }

    @Test
    void stateInheritingJsonPathFromTheMachine_isRefusedWhileJsonataStatesAreNot() {
        // A nested state takes the state machine's language, not that of the Map around it.
        assertThat(problems(json("""
                {'QueryLanguage': 'JSONPath', 'StartAt': 'A', 'States': {
                  'A': {'Type': 'Map', 'QueryLanguage': 'JSONata', 'Items': [1], 'End': true, 'ItemProcessor': {
                    'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}}}""")))
                .containsExactly("States.A.ItemProcessor.States.B.QueryLanguage: absent, so the state takes the state"
                        + " machine's query language, JSONPath, which is not supported yet: set \"QueryLanguage\":"
                        + " \"JSONata\" on the state or at the top level");
    }

    @Test
    void queryLanguageOfAnotherValue_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'jsonata', 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("QueryLanguage: must be \"JSONata\" (got 'jsonata')");
    }

    @Test
    void startAtMissing_isRequired() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("StartAt: is required");
    }

    @Test
    void startAtNamingNoState_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'Nope', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("StartAt: 'Nope' is not a state of the top-level States");
    }

    @Test
    void statesEmpty_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {}}")))
                .containsExactly("States: must be a non-empty object", "StartAt: 'A' is not a state of the top-level States");
    }

    @Test
    void statesNotAnObject_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': ['A']}")))
                .contains("States: must be a non-empty object");
    }

    @Test
    void unknownTopLevelField_isRefusedByName() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'Statez': 1, 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("Statez: unknown top-level field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "'10'"})
    void topLevelTimeoutSecondsNotPositiveWhole_isRefused(String timeout) {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'TimeoutSeconds': " + timeout
                + ", 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("TimeoutSeconds: must be a positive whole number of seconds");
    }

    @Test
    void topLevelTimeoutSecondsAboveStepFunctionsMaximum_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'TimeoutSeconds': 100000000, "
                + "'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("TimeoutSeconds: must be at most 99999999");
    }

    @Test
    void topLevelTimeoutSecondsBoundsTheWholeRunAndIsNotCappedByTheStepLimit() {
        StateMachine machine = valid(json("{'QueryLanguage': 'JSONata', 'TimeoutSeconds': 86400, "
                + "'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}"));

        assertThat(machine.definition()).containsEntry("TimeoutSeconds", 86400);
    }

    @Test
    void topLevelCommentAndVersionThatAreNotStrings_areRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'Comment': 1, 'Version': 1.0, "
                + "'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")))
                .containsExactly("Comment: must be a string", "Version: must be a string");
    }

    // ---- state names ----

    @Test
    void stateNameOf80Characters_isAccepted() {
        String name = "n".repeat(79) + "\uD83D\uDE80"; // 80 characters, the last one outside the BMP

        assertThat(valid(json("{'QueryLanguage': 'JSONata', 'StartAt': '" + name + "', 'States': {'" + name
                + "': {'Type': 'Succeed'}}}")).stateNames()).containsExactly(name);
    }

    @Test
    void stateNameLongerThan80Characters_isRefused() {
        String name = "n".repeat(81);

        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': '" + name + "', 'States': {'" + name
                + "': {'Type': 'Succeed'}}}")))
                .containsExactly("States." + name + ": the state name is longer than 80 characters");
    }

    @Test
    void emptyStateName_isRefused() {
        assertThat(problems(json("{'QueryLanguage': 'JSONata', 'StartAt': '', 'States': {'': {'Type': 'Succeed'}}}")))
                .containsExactly("States.: a state name cannot be empty");
    }

    @Test
    void stateNameUsedInTwoBranches_isRefusedAsDuplicate() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'Same', 'States': {'Same': {'Type': 'Succeed'}}},
                  {'StartAt': 'Same', 'States': {'Same': {'Type': 'Succeed'}}}]}"""))
                .containsExactly("States.A.Branches[1].States.Same: Duplicate State name 'Same', already used at"
                        + " States.A.Branches[0].States.Same (state names must be unique across the whole definition,"
                        + " branches included)");
    }

    @Test
    void nestedStateNamedLikeATopLevelState_isRefusedAsDuplicate() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}}"""))
                .singleElement().asString()
                .startsWith("States.A.ItemProcessor.States.A: Duplicate State name 'A', already used at States.A ");
    }

    // ---- the graph of a scope ----

    @Test
    void unreachableState_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'},
                'Orphan': {'Type': 'Pass', 'Next': 'B'}, 'OrphanOfOrphan': {'Type': 'Fail'}"""))
                .containsExactly("States.Orphan: is not reachable from StartAt",
                        "States.OrphanOfOrphan: is not reachable from StartAt");
    }

    @Test
    void statesReachedOnlyThroughChoiceRulesDefaultAndCatchers_areReachable() {
        StateMachine machine = validStates(task("A", "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Handler'}],"
                + " 'Next': 'Decide'") + """
                , 'Decide': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Next': 'B'}], 'Default': 'C'},
                'B': {'Type': 'Pass', 'Next': 'Decide'}, 'C': {'Type': 'Succeed'}, 'Handler': {'Type': 'Fail'}""");

        assertThat(machine.stateNames()).containsExactly("A", "Decide", "B", "C", "Handler");
    }

    @Test
    void loopWithoutTerminalState_isRefusedOnceWithoutReportingUnreachableStates() {
        // AWS: "MISSING_END_STATE: Workflow has no terminal state" suppresses the unreachable-state diagnostics.
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'},
                'Orphan': {'Type': 'Pass', 'Next': 'A'}"""))
                .containsExactly("States: Workflow has no terminal state (a Succeed or Fail state, or one with"
                        + " \"End\": true)");
    }

    @Test
    void loopWithAnUnreachableTerminalState_reportsTheUnreachableState() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'}, 'C': {'Type': 'Succeed'}"""))
                .containsExactly("States.C: is not reachable from StartAt");
    }

    // ---- nested scopes ----

    @Test
    void branchWithoutStartAtOrStates_isRefusedAtTheBranch() {
        assertThat(problemsOfStates("'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'Comment': 'empty'}]}"))
                .containsExactly("States.A.Branches[0].States: must be a non-empty object",
                        "States.A.Branches[0].StartAt: is required");
    }

    @Test
    void branchStartAtNamingAStateOfAnotherScope_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'A', 'States': {'Inner': {'Type': 'Succeed'}}}]}"""))
                .containsExactly("States.A.Branches[0].StartAt: 'A' is not a state of States.A.Branches[0]");
    }

    @Test
    void transitionFromABranchToAnOuterState_isRefusedNamingBothScopes() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'Next': 'Done', 'Branches': [
                  {'StartAt': 'Inner', 'States': {'Inner': {'Type': 'Pass', 'Next': 'Done'}}}]},
                'Done': {'Type': 'Succeed'}"""))
                .containsExactly("States.A.Branches[0].States.Inner.Next: 'Done' is a state of the top-level States,"
                                + " not of States.A.Branches[0] (a transition cannot enter or leave a Parallel branch or"
                                + " a Map ItemProcessor)",
                        "States.A.Branches[0].States: Workflow has no terminal state (a Succeed or Fail state, or one"
                                + " with \"End\": true)");
    }

    @Test
    void transitionIntoAMapItemProcessor_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'Work'},
                'M': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'Work', 'States': {'Work': {'Type': 'Succeed'}}}}"""))
                .containsExactly("States.A.Next: 'Work' is a state of States.M.ItemProcessor, not of the top-level"
                                + " States (a transition cannot enter or leave a Parallel branch or a Map ItemProcessor)",
                        "States.M: is not reachable from StartAt");
    }

    @Test
    void catcherInsideABranchNamingAnOuterState_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'T', 'States': {
                  @TASK@}}]},
                'Outer': {'Type': 'Fail'}""".replace("@TASK@",
                task("T", "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Outer'}], 'End': true"))))
                .contains("States.A.Branches[0].States.T.Catch[0].Next: 'Outer' is a state of the top-level States, not"
                        + " of States.A.Branches[0] (a transition cannot enter or leave a Parallel branch or a Map"
                        + " ItemProcessor)");
    }

    @Test
    void problemsDeepInNestedScopes_nameTheirFullLocation() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'B', 'States': {
                    'B': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'C', 'States': {
                      'C': {'Type': 'Pass', 'Next': 'Nope'},
                      'D': {'Type': 'Succeed'}}}}}}]}"""))
                .containsExactly(
                        "States.A.Branches[0].States.B.ItemProcessor.States.C.Next: 'Nope' is not a state",
                        "States.A.Branches[0].States.B.ItemProcessor.States.D: is not reachable from StartAt");
    }

    @Test
    void everyBranchIsCheckedAsItsOwnScope() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'One', 'States': {'One': {'Type': 'Succeed'}, 'Lost1': {'Type': 'Succeed'}}},
                  {'StartAt': 'Two', 'States': {'Two': {'Type': 'Pass'}}}]}"""))
                .containsExactly("States.A.Branches[0].States.Lost1: is not reachable from StartAt",
                        "States.A.Branches[1].States.Two: needs Next or \"End\": true",
                        "States.A.Branches[1].States: Workflow has no terminal state (a Succeed or Fail state, or one"
                                + " with \"End\": true)");
    }

    // ---- variables across scopes ----

    @Test
    void innerStateReadingAnOuterVariable_isAccepted() {
        validStates("""
                'A': {'Type': 'Pass', 'Assign': {'outer': 'hello'}, 'Next': 'M'},
                'M': {'Type': 'Map', 'Items': [1, 2], 'End': true, 'ItemProcessor': {'StartAt': 'Begin', 'States': {
                  'Begin': {'Type': 'Pass', 'Assign': {'inner': 'world', 'hi': '{% $outer %}'}, 'End': true}}}}""");
    }

    @Test
    void innerStateAssigningAnOuterVariable_isRefusedNamingWhereItIsAssigned() {
        // The specification's own example: "State Begin can reference outer, but ... it cannot assign it."
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Assign': {'outer': 'hello'}, 'Next': 'M'},
                'M': {'Type': 'Map', 'Items': [1], 'End': true, 'ItemProcessor': {'StartAt': 'Begin', 'States': {
                  'Begin': {'Type': 'Pass', 'Assign': {'outer': 'world'}, 'End': true}}}}"""))
                .containsExactly("States.M.ItemProcessor.States.Begin.Assign.outer: 'outer' is a variable of an outer"
                        + " scope (assigned at States.A.Assign); a state inside a Parallel branch or a Map ItemProcessor"
                        + " may read it but not assign it (variable names must be unique across inner and outer scopes)");
    }

    @Test
    void outerVariableAssignedAfterTheMapOrByTheMapItself_stillCannotBeAssignedInside() {
        // A variable exists in a scope if any state of the scope assigns it; the Map's own Assign and its Catchers'
        // belong to the Map's scope, not to the ItemProcessor's.
        assertThat(problemsOfStates("""
                'A': {'Type': 'Pass', 'Next': 'M'},
                'M': {'Type': 'Map', 'Items': [1], 'Assign': {'total': 1}, 'Next': 'Last',
                      'Catch': [{'ErrorEquals': ['States.ALL'], 'Assign': {'failure': true}, 'Next': 'Last'}],
                      'ItemProcessor': {'StartAt': 'Begin', 'States': {
                        'Begin': {'Type': 'Pass', 'Assign': {'total': 2, 'failure': 3, 'later': 4}, 'End': true}}}},
                'Last': {'Type': 'Pass', 'Assign': {'later': 5}, 'End': true}"""))
                .extracting(p -> p.substring(0, p.indexOf("; a state inside")))
                .containsExactly(
                        "States.M.ItemProcessor.States.Begin.Assign.total: 'total' is a variable of an outer scope"
                                + " (assigned at States.M.Assign)",
                        "States.M.ItemProcessor.States.Begin.Assign.failure: 'failure' is a variable of an outer scope"
                                + " (assigned at States.M.Catch[0].Assign)",
                        "States.M.ItemProcessor.States.Begin.Assign.later: 'later' is a variable of an outer scope"
                                + " (assigned at States.Last.Assign)");
    }

    @Test
    void siblingBranchesAssigningTheSameName_areAccepted() {
        validStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'L', 'States': {'L': {'Type': 'Pass', 'Assign': {'side': 'l'}, 'End': true}}},
                  {'StartAt': 'R', 'States': {'R': {'Type': 'Pass', 'Assign': {'side': 'r'}, 'End': true}}}]}""");
    }

    @Test
    void stateTwoScopesDeepAssigningAVariableOfTheMiddleScope_isRefused() {
        assertThat(problemsOfStates("""
                'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'Mid', 'States': {
                  'Mid': {'Type': 'Pass', 'Assign': {'middle': 1}, 'Next': 'M'},
                  'M': {'Type': 'Map', 'Items': [1], 'End': true, 'ItemProcessor': {'StartAt': 'Deep', 'States': {
                    'Deep': {'Type': 'Choice', 'Choices': [{'Condition': true, 'Assign': {'middle': 2}, 'Next': 'End'}]},
                    'End': {'Type': 'Succeed'}}}}}}]}"""))
                .singleElement().asString().startsWith("States.A.Branches[0].States.M.ItemProcessor.States.Deep"
                        + ".Choices[0].Assign.middle: 'middle' is a variable of an outer scope (assigned at"
                        + " States.A.Branches[0].States.Mid.Assign)");
    }

    // ---- every problem at once, in a stable order ----

    @Test
    void definitionWithManyProblems_reportsAllOfThemInDefinitionOrder() {
        List<String> problems = problems(json("""
                {'QueryLanguage': 'JSONata', 'StartAt': 'Fetch', 'Extra': true, 'States': {
                  'Fetch': {'Type': 'Task', 'Resource': '@HTTP@', 'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': []}],
                            'Arguments': {'ApiEndpoint': 'ftp://x.test', 'Method': 'FETCH'}, 'Next': 'Nope'},
                  'Decide': {'Type': 'Choice', 'Choices': [{'Condition': '{% ( %}', 'Next': 'Done'}], 'End': true},
                  'Done': {'Type': 'Pass', 'Parameters': {}, 'Output': {'a': ['{% 1 + %}']}},
                  'Fan': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'In', 'States': {
                    'In': {'Type': 'Wait', 'Seconds': -1, 'Next': 'Done'}}}]},
                  'Oops': {'Type': 'Bogus'}
                }}""".replace("@HTTP@", HTTP)));

        List<String> expectedPrefixes = List.of(
                "Extra: unknown top-level field",
                "States.Fetch.Next: 'Nope' is not a state",
                "States.Fetch.Arguments.ApiEndpoint: must be an http(s) URL or a {% %} expression",
                "States.Fetch.Arguments.Method: must be one of [DELETE, GET, ",
                "States.Fetch.Retry[0].ErrorEquals: States.ALL may only appea",
                "States.Fetch.Retry[1].ErrorEquals: must be a non-empty array",
                "States.Decide.End: Field 'End' is not supported on a Choice ",
                "States.Decide.Choices[0].Condition: JSONata does not parse: ",
                "States.Done.Parameters: 'Parameters' is a JSONPath field, an",
                "States.Done: needs Next or \"End\": true",
                "States.Done.Output.a[0]: JSONata does not parse: ",
                "States.Fan.Branches[0].States.In.Next: 'Done' is a state of ",
                "States.Fan.Branches[0].States.In.Seconds: must be a non-nega",
                "States.Fan.Branches[0].States: Workflow has no terminal stat",
                "States.Oops.Type: 'Bogus' is not a state type (one of [Choic",
                "States.Decide: is not reachable from StartAt",
                "States.Done: is not reachable from StartAt",
                "States.Fan: is not reachable from StartAt",
                "States.Oops: is not reachable from StartAt");
        assertThat(problems).hasSameSizeAs(expectedPrefixes);
        for (int i = 0; i < problems.size(); i++) {
            assertThat(problems.get(i)).as("problem %d", i).startsWith(expectedPrefixes.get(i));
        }
    }
}
