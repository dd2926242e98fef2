package io.parley.dsl.compiler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PackageNameTest {

    @Test
    void everyTemplateIdBecomesAValidJavaPackage() {
        assertThat(RuleSetDefinitionCompiler.packageName("ecommerce-presale")).isEqualTo("parley.rules.ecommerce_presale");
        assertThat(RuleSetDefinitionCompiler.packageName("After.Sale 2")).isEqualTo("parley.rules.after_sale_2");
        assertThat(RuleSetDefinitionCompiler.packageName("3c")).isEqualTo("parley.rules._3c");
        assertThat(RuleSetDefinitionCompiler.packageName("default")).isEqualTo("parley.rules._default");
        assertThat(RuleSetDefinitionCompiler.packageName("售后")).isEqualTo("parley.rules.__");
        assertThat(RuleSetDefinitionCompiler.packageName("")).isEqualTo("parley.rules._");
    }
}
