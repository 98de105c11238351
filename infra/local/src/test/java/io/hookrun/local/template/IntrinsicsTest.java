package io.hookrun.local.template;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudFormation intrinsics resolve against local resources; anything that names nothing is an error naming it. */
class IntrinsicsTest {

    private static final Map<String, String> URLS = Map.of("WorkQueue", "http://127.0.0.1:9324/000000000000/WorkQueue");

    private static Intrinsics intrinsics(Map<String, Object> parameters) {
        return new Intrinsics(parameters, id -> URLS.containsKey(id) ? URLS.get(id) : id.equals("TestTable") ? "TestTable" : null,
                (id, attribute) -> URLS.containsKey(id) && attribute.equals("Arn") ? "arn:aws:sqs:elasticmq:000000000000:" + id : null,
                Map.of("IsProd", Map.of("Fn::Equals", List.of(Map.of("Ref", "Stage"), "prod"))));
    }

    private static Object yaml(String text) {
        return CfnYaml.parse("v: " + text).get("v");
    }

    @Test
    void refOfAQueue_isItsUrl_andGetAttArn_isItsArn() {
        Intrinsics resolver = intrinsics(Map.of());

        assertThat(resolver.resolve(yaml("!Ref WorkQueue"))).isEqualTo(URLS.get("WorkQueue"));
        assertThat(resolver.resolve(yaml("!GetAtt WorkQueue.Arn"))).isEqualTo("arn:aws:sqs:elasticmq:000000000000:WorkQueue");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", "WorkQueue.Arn"))).as("long form, dotted")
                .isEqualTo("arn:aws:sqs:elasticmq:000000000000:WorkQueue");
        assertThat(resolver.resolve(Map.of("Ref", "TestTable"))).as("long form").isEqualTo("TestTable");
    }

    @Test
    void sub_replacesParametersAttributesPseudoParametersAndVariables_andKeepsEscapedLiterals() {
        Intrinsics resolver = intrinsics(Map.of("Stage", "dev"));

        assertThat(resolver.resolve(yaml("!Sub '${Stage}-${AWS::Region}-${WorkQueue.Arn}-${!Literal}'")))
                .isEqualTo("dev-us-east-1-arn:aws:sqs:elasticmq:000000000000:WorkQueue-${Literal}");
        assertThat(resolver.resolve(yaml("!Sub ['${Name}/${Stage}', {Name: !Ref TestTable}]"))).isEqualTo("TestTable/dev");
    }

    @Test
    void conditionsAndListFunctions_resolve() {
        Intrinsics resolver = intrinsics(Map.of("Stage", "prod", "Subnets", List.of("a", "b")));

        assertThat(resolver.resolve(yaml("!If [IsProd, big, small]"))).isEqualTo("big");
        assertThat(resolver.resolve(yaml("!Not [!Equals [!Ref Stage, dev]]"))).isEqualTo(true);
        assertThat(resolver.resolve(yaml("!Join ['', !Ref Subnets]"))).isEqualTo("ab");
        assertThat(resolver.resolve(yaml("!Select [1, !Ref Subnets]"))).isEqualTo("b");
        assertThat(resolver.resolve(Map.of("Keep", 1, "Drop", Map.of("Ref", "AWS::NoValue")))).isEqualTo(Map.of("Keep", 1));
    }

    @Test
    void unresolvableReferences_areErrorsThatNameThem() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("DatabaseUrl", null);
        Intrinsics resolver = intrinsics(parameters);

        assertThatThrownBy(() -> resolver.resolve(yaml("!Ref NoSuchThing"))).hasMessageContaining("NoSuchThing");
        assertThatThrownBy(() -> resolver.resolve(yaml("!GetAtt Nope.Arn"))).hasMessageContaining("Nope.Arn");
        assertThatThrownBy(() -> resolver.resolve(yaml("!Sub 'x-${Missing}'"))).hasMessageContaining("Missing");
        assertThatThrownBy(() -> resolver.resolve(yaml("!Ref DatabaseUrl"))).hasMessageContaining("DatabaseUrl has no Default");
        assertThatThrownBy(() -> resolver.resolve(yaml("!Ref AWS::Nonsense"))).hasMessageContaining("AWS::Nonsense");
    }
}
