package io.parley.dsl.compiler.drl;

import io.parley.dsl.compiler.drl.Lhs.Constraint;
import io.parley.dsl.compiler.drl.Lhs.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrlWriterTest {

    @Test
    void quotesStringsAsJavaLiterals() {
        assertThat(DrlWriter.quote("禁用语")).isEqualTo("\"禁用语\"");
        assertThat(DrlWriter.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    }

    @Test
    void nestsConditionalElementsAsBlocks() {
        Lhs.Pattern a = pattern("a");
        Lhs.Pattern b = pattern("b");
        DrlRule rule = new DrlRule("r\"1", List.of(
                new Lhs.Exists(new Lhs.Pattern(null, "TurnFact", List.of())),
                new Lhs.Not(new Lhs.Or(List.of(a, new Lhs.And(List.of(b, new Lhs.Not(a))))))));

        String drl = DrlWriter.write(new DrlPackage("parley.rules.t", "one\ntwo", List.of(rule)));

        assertThat(drl).isEqualTo("""
                // one
                // two
                package parley.rules.t;

                import io.parley.engine.api.facts.TurnFact;
                import io.parley.engine.api.facts.SignalFact;
                import io.parley.engine.api.facts.DialogueFact;

                global io.parley.engine.api.facts.HitCollector hits;

                rule "r\\"1"
                when
                    exists ( TurnFact() )
                    not (
                        SignalFact(name == "a")
                        or (
                            SignalFact(name == "b")
                            and not ( SignalFact(name == "a") )
                        )
                    )
                then
                    hits.hit("r\\"1", kcontext.getMatch().getObjects().toArray());
                end
                """);
    }

    private static Lhs.Pattern pattern(String name) {
        return new Lhs.Pattern(null, "SignalFact", List.of(new Constraint("name", "==", new Value.Text(name))));
    }
}
