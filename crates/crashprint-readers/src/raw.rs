//! The wire shapes of the three payload formats, read in one pass by serde
//! into lenient types. Only fields crashprint uses are declared; everything
//! else is skipped by the parser without being stored.

#![allow(non_snake_case)]

use crate::lenient::{Container, Entries, JsonKind, Scalar, Tolerant};
use serde::Deserialize;

macro_rules! object {
    ($($t:ident),*) => { $(impl Container for $t { const KIND: JsonKind = JsonKind::Object; })* };
}

object!(
    AnyPayload,
    BtThread,
    BtFrame,
    BtModule,
    BtSource,
    BtAnnotations,
    JsError,
    PyException,
    BsNotifier,
    BsEvent,
    BsException,
    BsFrame,
    BsThread,
    BsBreadcrumb,
    BsRequest,
    CanvasReport
);

impl<T: Container> Container for Box<T> {
    const KIND: JsonKind = T::KIND;
}

type Obj<T> = Option<Tolerant<T>>;
type Arr<T> = Option<Tolerant<Vec<Tolerant<T>>>>;

/// The union of the three formats' top-level fields: one parse serves format
/// detection and conversion.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AnyPayload {
    // Backtrace
    pub uuid: Option<Scalar>,
    pub timestamp: Option<Scalar>,
    pub lang: Option<Scalar>,
    pub langVersion: Option<Scalar>,
    pub agent: Option<Scalar>,
    pub agentVersion: Option<Scalar>,
    pub threads: Option<Tolerant<Entries<Tolerant<BtThread>>>>,
    pub mainThread: Option<Scalar>,
    pub entryThread: Option<Scalar>,
    pub symbolication: Option<Scalar>,
    pub fingerprint: Option<Scalar>,
    pub classifiers: Option<Tolerant<Vec<Scalar>>>,
    pub attributes: Obj<Entries<Scalar>>,
    pub modules: Arr<BtModule>,
    pub annotations: Obj<BtAnnotations>,
    /// `{id: {path, text, …}}`: only `path` is read, `text` is skipped.
    pub sourceCode: Obj<Entries<Tolerant<BtSource>>>,
    // Bugsnag
    pub apiKey: Option<Scalar>,
    pub notifier: Obj<BsNotifier>,
    pub events: Arr<BsEvent>,
    pub payloadVersion: Option<Scalar>,
    /// Present in Bugsnag session payloads (`POST /sessions`), which carry no error.
    pub sessionCounts: Option<Scalar>,
    // Canvas, bare or wrapped in `error` as the form fields `error[subject]`
    // are. Listed here rather than flattened: `flatten` would buffer every
    // unknown field of every payload.
    pub subject: Option<Scalar>,
    pub comments: Option<Scalar>,
    pub description: Option<Scalar>,
    pub url: Option<Scalar>,
    pub email: Option<Scalar>,
    pub user_perceived_severity: Option<Scalar>,
    pub context_asset_string: Option<Scalar>,
    pub user_roles: Option<Scalar>,
    pub http_env: Obj<Entries<Scalar>>,
    pub error: Obj<CanvasReport>,
}

impl AnyPayload {
    /// Moves the bare Canvas fields out into a report.
    pub fn take_canvas(&mut self) -> CanvasReport {
        CanvasReport {
            subject: self.subject.take(),
            comments: self.comments.take(),
            description: self.description.take(),
            url: self.url.take(),
            email: self.email.take(),
            user_perceived_severity: self.user_perceived_severity.take(),
            context_asset_string: self.context_asset_string.take(),
            user_roles: self.user_roles.take(),
            http_env: self.http_env.take(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BtThread {
    pub name: Option<Scalar>,
    pub fault: Option<Scalar>,
    pub stack: Arr<BtFrame>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BtFrame {
    pub funcName: Option<Scalar>,
    pub address: Option<Scalar>,
    pub line: Option<Scalar>,
    pub column: Option<Scalar>,
    pub sourceCode: Option<Scalar>,
    pub library: Option<Scalar>,
    pub debug_identifier: Option<Scalar>,
    pub faulted: Option<Scalar>,
    pub guessed_frame: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BtSource {
    pub path: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BtModule {
    pub start: Option<Scalar>,
    pub size: Option<Scalar>,
    pub code_file: Option<Scalar>,
    pub version: Option<Scalar>,
    pub debug_file: Option<Scalar>,
    pub debug_identifier: Option<Scalar>,
}

/// The parts of Backtrace `annotations` that real SDKs use for errors.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct BtAnnotations {
    /// backtrace-node: `{name, message, stack, cause: {…}}`.
    pub error: Obj<JsError>,
    /// backtrace-python: `{type, message, traceback}`.
    pub Exception: Obj<PyException>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct JsError {
    pub name: Option<Scalar>,
    pub message: Option<Scalar>,
    pub stack: Option<Scalar>,
    pub cause: Obj<Box<JsError>>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PyException {
    #[serde(rename = "type")]
    pub type_name: Option<Scalar>,
    pub message: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsNotifier {
    pub name: Option<Scalar>,
    pub version: Option<Scalar>,
    pub url: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsEvent {
    pub payloadVersion: Option<Scalar>,
    pub exceptions: Arr<BsException>,
    pub threads: Arr<BsThread>,
    pub context: Option<Scalar>,
    pub groupingHash: Option<Scalar>,
    pub severity: Option<Scalar>,
    pub unhandled: Option<Scalar>,
    pub severityReason: Obj<Entries<Scalar>>,
    pub user: Obj<Entries<Scalar>>,
    pub app: Obj<Entries<Scalar>>,
    pub device: Obj<Entries<Scalar>>,
    pub request: Obj<BsRequest>,
    pub releaseStage: Option<Scalar>,
    pub breadcrumbs: Arr<BsBreadcrumb>,
    pub metaData: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsException {
    pub errorClass: Option<Scalar>,
    pub errorMessage: Option<Scalar>,
    pub message: Option<Scalar>,
    #[serde(rename = "type")]
    pub type_name: Option<Scalar>,
    pub stacktrace: Arr<BsFrame>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsFrame {
    pub file: Option<Scalar>,
    pub lineNumber: Option<Scalar>,
    pub columnNumber: Option<Scalar>,
    pub method: Option<Scalar>,
    pub inProject: Option<Scalar>,
    /// Source lines keyed by line number: `{"24": "  return x.y;"}`.
    pub code: Obj<Entries<Scalar>>,
    pub frameAddress: Option<Scalar>,
    pub loadAddress: Option<Scalar>,
    pub symbolAddress: Option<Scalar>,
    /// The module's build id (bugsnag-android NDK).
    pub codeIdentifier: Option<Scalar>,
    #[serde(rename = "type")]
    pub type_name: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsBreadcrumb {
    pub timestamp: Option<Scalar>,
    pub name: Option<Scalar>,
    #[serde(rename = "type")]
    pub type_name: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsThread {
    pub id: Option<Scalar>,
    pub name: Option<Scalar>,
    pub errorReportingThread: Option<Scalar>,
    pub stacktrace: Arr<BsFrame>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct BsRequest {
    pub url: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct CanvasReport {
    pub subject: Option<Scalar>,
    pub comments: Option<Scalar>,
    pub description: Option<Scalar>,
    pub url: Option<Scalar>,
    pub email: Option<Scalar>,
    pub user_perceived_severity: Option<Scalar>,
    pub context_asset_string: Option<Scalar>,
    pub user_roles: Option<Scalar>,
    pub http_env: Obj<Entries<Scalar>>,
}
