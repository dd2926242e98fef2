package io.parley.workflow.impl;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.impl.el.ReadOnlyMapELResolver;
import org.camunda.bpm.engine.impl.el.VariableContextElResolver;
import org.camunda.bpm.engine.impl.el.VariableScopeElResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ArrayELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.BeanELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.FunctionMapper;
import org.camunda.bpm.impl.juel.jakarta.el.ListELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.MapELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.MethodNotFoundException;
import org.camunda.bpm.impl.juel.jakarta.el.PropertyNotFoundException;
import org.camunda.bpm.impl.juel.jakarta.el.PropertyNotWritableException;

import java.beans.FeatureDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The engine's expression language, cut down to what a review workflow needs. An expression
 * resolves names to process variables, to the engine's execution or task (as {@code execution},
 * {@code task}) and to Parley's beans, and reads entries of maps and lists. It cannot:
 *
 * <ul>
 *   <li>call a method, except a public method of one of Parley's own beans (as in
 *       {@code ${parleyLists.split(reviewers)}}) and the variable accessors of the execution or
 *       task ({@code getVariable}, {@code setVariable}, {@code hasVariable} and their
 *       {@code …Local} forms, as in {@code ${execution.setVariable('decision', 'expired')}});</li>
 *   <li>read a property of any other object: no getters, so no {@code ''.class}, no
 *       {@code execution.processEngine};</li>
 *   <li>call a function: the engine's {@code now()}, {@code dateTime()}, {@code currentUser()}
 *       and {@code currentUserGroups()} are not defined, so an expression using one does not
 *       parse;</li>
 *   <li>set anything but a variable.</li>
 * </ul>
 *
 * The engine's default resolver chain ends in a {@link BeanELResolver}, which calls any public
 * method of any object an expression reaches, {@code Class.forName} included.
 */
final class RestrictedExpressionManager extends JuelExpressionManager {
    RestrictedExpressionManager(Map<Object, Object> beans) {
        super(beans);
    }

    @Override
    protected ELResolver createElResolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new VariableScopeElResolver());
        resolver.add(new VariableContextElResolver());
        if (beans != null) {
            resolver.add(new ReadOnlyMapELResolver(beans));
        }
        resolver.add(new ArrayELResolver(true));
        resolver.add(new ListELResolver(true));
        resolver.add(new MapELResolver(true));
        resolver.add(new Guard(beans == null ? Map.of() : beans));
        return resolver;
    }

    @Override
    protected FunctionMapper createFunctionMapper() {
        return new FunctionMapper() {
            @Override
            public Method resolveFunction(String prefix, String localName) {
                return null;
            }
        };
    }

    /**
     * Last in the chain: what the resolvers before it did not resolve is refused here, except the
     * method calls listed on {@link RestrictedExpressionManager}.
     */
    static final class Guard extends ELResolver {
        /** What an expression may call on the execution or task it is evaluated for. */
        static final Set<String> VARIABLE_METHODS = Set.of("getVariable", "getVariableLocal", "hasVariable",
                "hasVariableLocal", "setVariable", "setVariableLocal");

        private final Set<Object> beans = Collections.newSetFromMap(new IdentityHashMap<>());
        private final BeanELResolver calls = new BeanELResolver(true);

        Guard(Map<Object, Object> beans) {
            this.beans.addAll(beans.values());
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base == null) {
                return null; // an unknown name: the expression fails with "cannot resolve identifier"
            }
            throw new PropertyNotFoundException("Parley's workflows cannot read the property '" + property + "' of a "
                    + base.getClass().getName() + ": expressions read process variables and entries of maps and lists");
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            if (base == null || method == null) {
                return null;
            }
            String name = method.toString();
            if (mayCall(base, name)) {
                return calls.invoke(context, base, method, paramTypes, params);
            }
            throw new MethodNotFoundException("Parley's workflows cannot call " + name + " on a "
                    + base.getClass().getName() + ": expressions call only Parley's steps and the execution's "
                    + "variable accessors");
        }

        boolean mayCall(Object base, String name) {
            if (beans.contains(base)) {
                // Declared by the bean's own class: not getClass, wait, notify… inherited from Object.
                return Arrays.stream(base.getClass().getDeclaredMethods())
                        .anyMatch(m -> m.getName().equals(name) && Modifier.isPublic(m.getModifiers()));
            }
            return base instanceof VariableScope && VARIABLE_METHODS.contains(name);
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            if (base == null) {
                return null;
            }
            throw new PropertyNotFoundException("Parley's workflows cannot use the property '" + property + "' of a "
                    + base.getClass().getName());
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            if (base != null) {
                throw new PropertyNotWritableException("Parley's workflows cannot set the property '" + property
                        + "' of a " + base.getClass().getName());
            }
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            if (base != null) {
                context.setPropertyResolved(true);
            }
            return true;
        }

        @Override
        public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
            return null;
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
            return null;
        }
    }
}
