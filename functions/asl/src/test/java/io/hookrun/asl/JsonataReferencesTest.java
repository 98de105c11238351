package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonataReferencesTest {

    @Test
    void variables_areFoundInOrderOfFirstUse() {
        assertThat(JsonataReferences.variables("$states.input.a + $x * $states.input.b ~> $eval"))
                .containsExactly("$states", "$x", "$eval");
        assertThat(JsonataReferences.variables("$ + $$.a")).containsExactly("$", "$$");
    }

    @Test
    void variables_insideStringsBackquotesAndComments_doNotCount() {
        assertThat(JsonataReferences.variables("'$a' & \"$b \\\" $c\" & `$d` & /* $e */ $f")).containsExactly("$f");
    }

    @Test
    void slash_isARegexWhereAValueIsExpected_andADivisionAfterOne() {
        assertThat(JsonataReferences.variables("$match($s, /[$]x/) & $t")).containsExactly("$match", "$s", "$t");
        assertThat(JsonataReferences.variables("$a / 2 / $b")).containsExactly("$a", "$b");
        assertThat(JsonataReferences.variables("($a) / $b")).containsExactly("$a", "$b");
        assertThat(JsonataReferences.variables("x in /$y/ and $z")).containsExactly("$z");
    }
}
