//! Canvas LMS error reports (`POST /api/v1/error_reports`): user-submitted
//! problem reports with no stack.

use crate::raw::CanvasReport;
use crate::validate::Ctx;
use crashprint_model::{AttrValue, Event, Format, Platform};
use crashprint_model::{IssueCode, Path};

/// The five values Canvas allows for `user_perceived_severity`.
pub const SEVERITIES: [&str; 5] = [
    "just_a_comment",
    "not_urgent",
    "workaround_possible",
    "blocks_what_i_need_to_do",
    "extreme_critical_emergency",
];

pub(crate) fn convert(r: CanvasReport, wrapped: bool, ctx: &mut Ctx<'_>) -> Option<Event> {
    let outer = Path::ROOT;
    let wrapper = outer.key("error");
    let root = if wrapped { wrapper } else { outer };
    let mut event = Event::new(Format::Canvas, Platform::Web);
    event.message = ctx.required_string(r.subject, &root.key("subject"), "`subject`");
    event.url = ctx.string(r.url, &root.key("url"));
    let comments = ctx
        .string(r.comments, &root.key("comments"))
        .or_else(|| ctx.string(r.description, &root.key("description")));
    if let Some(c) = comments {
        event
            .attributes
            .insert("comments".into(), AttrValue::Str(c));
    }
    let email_path = root.key("email");
    if let Some(email) = ctx.string(r.email, &email_path) {
        if !email.is_empty() && !looks_like_email(&email) {
            ctx.warn(
                IssueCode::Invalid,
                &email_path,
                format!("{email:?} does not look like an email address"),
            );
        }
        event
            .attributes
            .insert("email".into(), AttrValue::Str(email));
    }
    let sev_path = root.key("user_perceived_severity");
    if let Some(sev) = ctx.string(r.user_perceived_severity, &sev_path) {
        if SEVERITIES.contains(&sev.as_str()) {
            event.severity = Some(sev);
        } else {
            ctx.error(
                IssueCode::Invalid,
                &sev_path,
                format!(
                    "{sev:?} is not an allowed severity; expected one of {}",
                    SEVERITIES.join(", ")
                ),
            );
        }
    }
    let ctx_path = root.key("context_asset_string");
    if let Some(asset) = ctx.string(r.context_asset_string, &ctx_path) {
        if !is_asset_string(&asset) {
            ctx.warn(
                IssueCode::Invalid,
                &ctx_path,
                format!("{asset:?} is not of the form [type]_[id], e.g. course_1"),
            );
        }
        event.context = Some(asset);
    }
    if let Some(roles) = ctx.string(r.user_roles, &root.key("user_roles")) {
        event
            .attributes
            .insert("user_roles".into(), AttrValue::Str(roles));
    }
    let env_path = root.key("http_env");
    if let Some(env) = ctx.container(r.http_env, &env_path, "an object") {
        for (key, value) in env.0 {
            let Ok(Some(value)) = ctx.attribute(value, &env_path.key(&key)) else {
                continue;
            };
            if event.attributes.len() < ctx.limits.max_attributes {
                event.attributes.insert(format!("http_env.{key}"), value);
            }
        }
    }
    Some(event)
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !domain.contains('@'),
        None => false,
    }
}

fn is_asset_string(s: &str) -> bool {
    match s.rsplit_once('_') {
        Some((kind, id)) => {
            !kind.is_empty()
                && kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'~' || b == b'-')
        }
        None => false,
    }
}
