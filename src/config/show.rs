//! `--show-settings`: the settings one Dockerfile gets, written out as TOML.

use std::path::Path;

use serde::Serialize;

use super::options::{BaseImagePin, BuildTools, NonRootUser};
use super::{ConfigError, Resolver, display_path, lexical_join};

/// The settings as `--show-settings` prints them: the keys of a configuration file, with the
/// rules that run in place of `select` and `ignore`.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Shown<'a> {
    /// Whether a walk of the folder leaves the file out.
    excluded: bool,
    rules: Vec<&'static str>,
    unsafe_fixes: bool,
    context: Option<String>,
    target: Option<&'a str>,
    non_root_user: &'a NonRootUser,
    base_image_pin: &'a BaseImagePin,
    build_tools_in_builder: &'a BuildTools,
    pr: ShownPr<'a>,
}

#[derive(Serialize)]
struct ShownPr<'a> {
    branch: &'a str,
    remote: &'a str,
}

impl Resolver {
    /// A TOML document of the settings the Dockerfile at `path` (standard input for `None`)
    /// gets, after a comment naming the file and where the settings come from.
    pub fn describe(&self, path: Option<&Path>) -> Result<String, Vec<ConfigError>> {
        let resolved = self.resolved_for(path)?;
        let settings = self.settings_for(path)?;
        let excluded = match path {
            Some(path) => self.is_excluded(path, false)?,
            None => false,
        };
        let cwd = self.cwd();
        let own_folder = path.map(|path| {
            let absolute = lexical_join(cwd, path);
            absolute.parent().map(Path::to_path_buf).unwrap_or(absolute)
        });
        let context = settings.context.clone().or(own_folder);
        let shown = Shown {
            excluded,
            rules: settings.rules().iter().map(|rule| rule.name).collect(),
            unsafe_fixes: settings.unsafe_fixes,
            context: context.map(|context| display_path(&context, cwd)),
            target: settings.target.as_deref(),
            non_root_user: &settings.options.non_root_user,
            base_image_pin: &settings.options.base_image_pin,
            build_tools_in_builder: &settings.options.build_tools,
            pr: ShownPr { branch: resolved.pr.branch(), remote: resolved.pr.remote() },
        };
        let name = path.map_or_else(
            || "<stdin>".to_string(),
            |path| display_path(&lexical_join(cwd, path), cwd),
        );
        let body = toml::to_string(&shown).unwrap_or_else(|err| format!("# {err}\n"));
        let origins = match &resolved.origins[..] {
            [] => "built-in defaults".to_string(),
            origins => origins.join(", "),
        };
        Ok(format!("# {name}, from: {origins}\n{body}"))
    }
}
