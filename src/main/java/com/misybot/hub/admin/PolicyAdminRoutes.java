package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Admin API of the policy gate's rules (issue 16): submit a policy's YAML as a candidate version, try it on a text,
 * activate it (or an older version: a rollback), retire, list, diff. Writes need operator or superadmin, reads also auditor
 * (SecurityConfiguration); every change is in the audit log with who made it.
 */
@Component
public class PolicyAdminRoutes extends IngressRouteBuilder {

    public PolicyAdminRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/admin/policies").tag("policies")
                .get().id("rest-admin-policies-list")
                    .description("Every policy with its active version, its latest, and the one this replica serves")
                    .produces("application/json").to("direct:admin-policies-list")
                .post("/check").id("rest-admin-policy-check")
                    .description("Judge a text with the active policies, or with a version of one policy in place of "
                            + "its active one (try a candidate before activating it)")
                    .consumes("application/json").produces("application/json").to("direct:admin-policy-check")
                .post("/{policyId}/versions").id("rest-admin-policy-submit")
                    .description("Check a policy's YAML as the gate would serve it and store it as a candidate "
                            + "version (a new policy when there is none); 422 naming the rule if refused")
                    .consumes("application/yaml").produces("application/json").to("direct:admin-policy-submit")
                .get("/{policyId}/versions").id("rest-admin-policy-versions")
                    .description("Versions of a policy, newest first, with who stored and who activated each")
                    .produces("application/json").to("direct:admin-policy-versions")
                .get("/{policyId}/versions/{version}").id("rest-admin-policy-version")
                    .description("One version of a policy with its YAML")
                    .produces("application/json").to("direct:admin-policy-version")
                .get("/{policyId}/versions/{version}/diff").id("rest-admin-policy-diff")
                    .description("Unified diff of a version against another (default: the active one)")
                    .produces("application/json")
                    .param().name("against").type(RestParamType.query).dataType("integer").required(false)
                        .description("version to compare with").endParam()
                    .to("direct:admin-policy-diff")
                .post("/{policyId}/versions/{version}/activate").id("rest-admin-policy-activate")
                    .description("Make a version the policy's rules on every replica (an older one: a rollback); "
                            + "answers once this replica's gate serves it; 409 if it cannot serve beside the others")
                    .produces("application/json").to("direct:admin-policy-activate")
                .delete("/{policyId}").id("rest-admin-policy-retire")
                    .description("The policy no longer judges, on every replica; its versions stay (409 for the last "
                            + "active policy)")
                    .produces("application/json").to("direct:admin-policy-retire");

        ingress("admin-policies-list").bean("policyAdmin", "list").process(reply(200));
        jsonIngress("admin-policy-check", "policy-check.request.json").bean("policyAdmin", "check")
                .process(reply(200));
        ingress("admin-policy-submit", "policyId").bean("policyAdmin", "submit").process(reply(201));
        ingress("admin-policy-versions", "policyId").bean("policyAdmin", "versions").process(reply(200));
        ingress("admin-policy-version", "policyId", "version").bean("policyAdmin", "version").process(reply(200));
        ingress("admin-policy-diff", "policyId", "version", "against").bean("policyAdmin", "diff").process(reply(200));
        ingress("admin-policy-activate", "policyId", "version").bean("policyAdmin", "activate").process(reply(200));
        ingress("admin-policy-retire", "policyId").bean("policyAdmin", "retire").process(reply(200));
    }
}
