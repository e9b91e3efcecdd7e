//! The one integration test binary: drives the real `whk` and the library's registry.

mod answers;
mod audit;
mod bridge;
mod browser;
mod completions;
mod config;
mod doctor;
mod events;
mod exit_codes;
mod help;
mod inspector;
mod listen;
mod relay;
mod replay;
mod report;
mod robustness;
mod schemes;
mod secret;
mod send;
mod sign;
mod spec;
mod support;
mod tunnel;
mod verify;
mod wire;
