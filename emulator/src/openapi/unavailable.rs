//! The endpoints of the service that the emulator does not offer
//! ([`UNAVAILABLE`](crate::routes::provider::UNAVAILABLE)): each documented with the method the
//! JS SDK uses, tagged `unavailable`, answering 501.
use utoipa::Modify;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::{OpenApi, PathItem, Ref, ResponsesBuilder};

/// The method the JS SDK calls an unavailable endpoint with.
fn method_of(path: &str) -> HttpMethod {
    match path.rsplit('/').next().unwrap_or_default() {
        "status" | "info" | "history" | "query" | "checkUsername" | "providerSubType" | "me" => {
            HttpMethod::Get
        }
        "{id}" | "all" => HttpMethod::Delete,
        _ if path.ends_with("/profile") || path.contains("/trans/") => HttpMethod::Patch,
        _ => HttpMethod::Post,
    }
}

/// Adds the unavailable endpoints to the document.
pub struct Unavailable;

impl Modify for Unavailable {
    fn modify(&self, doc: &mut OpenApi) {
        for path in crate::routes::provider::UNAVAILABLE {
            let mut op = OperationBuilder::new().tag("unavailable").responses(
                ResponsesBuilder::new()
                    .response("501", Ref::from_response_name("Unimplemented"))
                    .build(),
            );
            for name in ["id", "provider_id"] {
                if path.contains(&format!("{{{name}}}")) {
                    op = op.parameter(
                        ParameterBuilder::new()
                            .name(name)
                            .parameter_in(ParameterIn::Path)
                            .required(utoipa::openapi::Required::True)
                            .schema(Some(
                                utoipa::openapi::ObjectBuilder::new()
                                    .schema_type(utoipa::openapi::Type::String),
                            )),
                    );
                }
            }
            doc.paths
                .paths
                .insert((*path).to_string(), PathItem::new(method_of(path), op));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_follow_the_js_sdk() {
        assert!(matches!(method_of("/auth/v2/user/me"), HttpMethod::Get));
        assert!(matches!(
            method_of("/auth/v1/user/authorized/devices/{id}"),
            HttpMethod::Delete
        ));
        assert!(matches!(
            method_of("/auth/v1/user/profile"),
            HttpMethod::Patch
        ));
        assert!(matches!(
            method_of("/auth/v1/user/trans/by/provider"),
            HttpMethod::Patch
        ));
        assert!(matches!(
            method_of("/auth/v1/user/provider/{provider_id}/trans"),
            HttpMethod::Post
        ));
        assert!(matches!(
            method_of("/auth/v1/captcha/data"),
            HttpMethod::Post
        ));
    }
}
