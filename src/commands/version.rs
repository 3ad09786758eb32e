//! `relx version`: the next release's plan, decided by `plan::version`
//! from what `project::release` gathers.

use crate::error::Error;
use crate::plan::Plan;
use crate::settings::VersionSettings;
use crate::talk::Talk;

/// Gathers the inputs and decides the plan.
pub fn plan(settings: &VersionSettings, talk: &mut dyn Talk) -> Result<Plan, Error> {
    settings.warn_unknown_keys(talk);
    settings.next_release(talk)
}
