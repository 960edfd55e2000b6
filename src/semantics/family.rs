//! Which distribution a stage runs: from its image's name and tag, or failing that from the
//! package managers its scripts call.

use crate::shell;
use crate::syntax::ast::{ImageParts, Instruction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Alpine,
    /// Debian and Ubuntu.
    Debian,
    /// Fedora, RHEL and its rebuilds, Amazon Linux.
    Rhel,
    /// openSUSE and SLES.
    Suse,
    /// Images without a shell or package manager.
    Distroless,
    /// `FROM scratch`.
    Scratch,
    Unknown,
}

/// Official images whose default variants are Debian-based.
const DEBIAN_BY_DEFAULT: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "node",
    "python",
    "golang",
    "ruby",
    "php",
    "rust",
    "perl",
    "httpd",
    "nginx",
    "postgres",
    "redis",
    "pypy",
    "haproxy",
    "memcached",
    "elixir",
    "erlang",
    "haskell",
    "julia",
    "eclipse-temurin",
];

const DEBIAN_RELEASES: &[&str] = &[
    "trixie", "bookworm", "bullseye", "buster", "stretch", "jessie", "slim", "noble", "jammy",
    "focal", "bionic", "xenial",
];

const RHEL_NAMES: &[&str] = &[
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "oraclelinux",
    "amazonlinux",
    "rhel",
    "ubi",
    "ubi8",
    "ubi9",
    "ubi10",
    "ubi-minimal",
    "ubi8-minimal",
    "ubi9-minimal",
    "ubi-micro",
];

impl Family {
    /// The family an image's name and tag point to, or `Unknown`.
    pub fn of_image(image: &ImageParts) -> Family {
        let name = image.name.to_ascii_lowercase();
        let base = name.rsplit('/').next().unwrap_or(&name);
        let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        if name.contains("distroless") {
            Family::Distroless
        } else if base == "scratch" {
            Family::Scratch
        } else if base.contains("alpine") || tag.contains("alpine") {
            Family::Alpine
        } else if name.contains("opensuse") || name.contains("sles") || base.starts_with("suse") {
            Family::Suse
        } else if RHEL_NAMES.contains(&base) || name.starts_with("ubi") || tag.contains("ubi") {
            Family::Rhel
        } else if DEBIAN_BY_DEFAULT.contains(&base)
            || DEBIAN_RELEASES.iter().any(|release| tag.contains(release))
        {
            Family::Debian
        } else {
            Family::Unknown
        }
    }

    /// The family the package managers of `instructions` point to, or `Unknown`.
    pub fn from_package_managers(instructions: &[Instruction]) -> Family {
        for instruction in instructions {
            for script in shell::run_scripts(instruction) {
                for command in shell::commands(&script.text) {
                    let family = match command.name() {
                        Some("apk") => Family::Alpine,
                        Some("apt-get" | "apt" | "dpkg") => Family::Debian,
                        Some("dnf" | "microdnf" | "yum" | "rpm") => Family::Rhel,
                        Some("zypper") => Family::Suse,
                        _ => continue,
                    };
                    return family;
                }
            }
        }
        Family::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(reference: &str) -> Family {
        Family::of_image(&ImageParts::parse(reference))
    }

    #[test]
    fn images_name_their_family() {
        assert_eq!(of("alpine:3.21"), Family::Alpine);
        assert_eq!(of("node:22-alpine3.20"), Family::Alpine);
        assert_eq!(of("python:3.12-slim-bookworm"), Family::Debian);
        assert_eq!(of("ubuntu"), Family::Debian);
        assert_eq!(of("registry.access.redhat.com/ubi9/ubi-minimal:9.4"), Family::Rhel);
        assert_eq!(of("opensuse/leap:15.6"), Family::Suse);
        assert_eq!(of("gcr.io/distroless/base-debian12"), Family::Distroless);
        assert_eq!(of("mcr.microsoft.com/windows/servercore:ltsc2022"), Family::Unknown);
        assert_eq!(of("ghcr.io/org/app:1.0"), Family::Unknown);
        assert_eq!(of("hexpm/elixir:1.17.3-erlang-27.1.2-alpine-3.21.0"), Family::Alpine);
        assert_eq!(of("node:20-alpine"), Family::Alpine);
        assert_eq!(of("python:3.12-slim"), Family::Debian);
    }
}
