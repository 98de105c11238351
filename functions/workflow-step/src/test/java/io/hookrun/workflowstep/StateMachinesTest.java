package io.hookrun.workflowstep;

import io.hookrun.asl.DefinitionLimits;
import io.hookrun.asl.InvalidDefinitionException;
import io.hookrun.asl.StateMachine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded cache of parsed definitions. */
class StateMachinesTest {

    private static String definition(int n) {
        return StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'S" + n + "', 'States': {'S" + n + "': {'Type': 'Succeed'}}}");
    }

    private static StateMachines withCapacity(int capacity) {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.stateMachineCacheSize = capacity;
        return new StateMachines(settings.build());
    }

    @Test
    void theSameDefinitionIsParsedOnceAndShared() throws Exception {
        StateMachines machines = withCapacity(4);

        StateMachine first = machines.parse(definition(1));

        assertThat(machines.parse(definition(1))).isSameAs(first);
        assertThat(machines.size()).isEqualTo(1);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBoundAndDropsTheLeastRecentlyUsed() throws Exception {
        StateMachines machines = withCapacity(2);
        StateMachine one = machines.parse(definition(1));
        machines.parse(definition(2));
        machines.parse(definition(1)); // 1 is now the most recently used
        machines.parse(definition(3)); // evicts 2

        assertThat(machines.size()).isEqualTo(2);
        assertThat(machines.parse(definition(1))).isSameAs(one);
        for (int i = 4; i < 100; i++) {
            machines.parse(definition(i));
        }
        assertThat(machines.size()).isEqualTo(2);
    }

    @Test
    void parseOfARunSnapshotIgnoresTheTimeoutCapButValidateAppliesIt() throws Exception {
        StateMachines machines = withCapacity(4);
        String slowTask = StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Task', "
                + "'Resource': 'arn:aws:states:::http:invoke', 'TimeoutSeconds': 100, "
                + "'Arguments': {'ApiEndpoint': 'https://x.test', 'Method': 'GET'}, 'End': true}}}");

        assertThat(machines.parse(slowTask).stateType("A")).isEqualTo("Task");
        assertThatThrownBy(() -> machines.validate(slowTask, new DefinitionLimits(27)))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("must be at most 27");
    }

    @Test
    void theConfiguredLimitIsTheFunctionTimeoutMinusTheMargin() {
        assertThat(new StepFixture.Settings().build().definitionLimits()).isEqualTo(new DefinitionLimits(27));
    }
}
