//! The platform-free core of the SDK. No web-sys, js-sys or gloo imports here.

pub mod platform;
