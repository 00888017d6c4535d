//! `nuts new instrument NAME [--version v1|v2|v3]`: a new instrument crate outside this
//! workspace, in the FSP's own repository, that depends on the platform's crates by path: the
//! contract (its rules as plain Rust with unit tests, and the thin `#[ink::contract]`) and a test
//! crate running the platform's conformance suite on it; on v3 also the per-issuance contract.
//! `cargo test` in it builds and passes.
//!
//! It is the cheque example (`examples/cheque`, laid out the same way) renamed: on v1 as it is;
//! on v2 and v3 with the contract written for that interface (`templates/`), the same rules.

use std::path::{Path, PathBuf};

use traits::ManagerVersion;

/// The cheque example, the source of every scaffold.
mod example {
    pub const CONTRACT_TOML: &str = include_str!("../../examples/cheque/cheque/Cargo.toml");
    pub const CONTRACT: &str = include_str!("../../examples/cheque/cheque/lib.rs");
    pub const TESTS_TOML: &str = include_str!("../../examples/cheque/cheque_tests/Cargo.toml");
    pub const TESTS_LIB: &str = include_str!("../../examples/cheque/cheque_tests/src/lib.rs");
    pub const CONFORMANCE: &str =
        include_str!("../../examples/cheque/cheque_tests/tests/conformance.rs");
    /// The platform's root as the example's crates name it.
    pub const PLATFORM: &str = "../../..";
}

/// The cheque's contract written for interfaces v2 and v3 (the same rules), and v3's
/// per-issuance contract.
mod template {
    pub const CONTRACT_V2: &str = include_str!("../templates/contract_v2.rs");
    pub const CONTRACT_V3: &str = include_str!("../templates/contract_v3.rs");
    pub const ISSUANCE_V3: &str = include_str!("../templates/issuance_v3/lib.rs");
    pub const ISSUANCE_V3_TOML: &str = include_str!("../templates/issuance_v3/Cargo.toml");
}

/// The longest instrument name taken (a crate name, and the contract's artifacts' name).
pub const MAX_NAME_LEN: usize = 48;

/// Why no crate was made (nothing is written in any of these cases).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaffoldError {
    /// The name is not a lower-case Rust identifier of at most [`MAX_NAME_LEN`] bytes
    /// (`a-z`, `0-9`, single `_` between parts, starting with a letter).
    BadName(String),
    /// The name is a Rust keyword or a crate the platform builds (contracts share one Wasm
    /// output directory, so a second `lending_v2` would overwrite the platform's).
    TakenName(String),
    /// The crate would land inside the platform's checkout (its workspace would swallow it).
    InsidePlatform(PathBuf),
    /// Something is already there.
    Exists(PathBuf),
    /// Writing failed (what, and why).
    Io(String),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadName(name) => write!(
                f,
                "`{name}` is not a usable instrument name: use a lower-case Rust identifier \
                 (a-z, 0-9 and single _ between parts, starting with a letter, at most \
                 {MAX_NAME_LEN} bytes), such as `{}`",
                suggestion(name)
            ),
            Self::TakenName(name) => write!(
                f,
                "`{name}` is a Rust keyword or the name of a crate the platform builds: choose \
                 another name"
            ),
            Self::InsidePlatform(dir) => write!(
                f,
                "{} is inside the platform's checkout: give `--dir` a directory outside it (your \
                 own repository)",
                dir.display()
            ),
            Self::Exists(path) => write!(f, "{} already exists", path.display()),
            Self::Io(message) => f.write_str(message),
        }
    }
}

/// Names an instrument may not take besides the platform's contracts (`client::contracts::ALL`):
/// its other crates and the crates every instrument uses (cargo would mix them up), and Rust's
/// keywords, strict and reserved (the name becomes a module).
const TAKEN: &[&str] = &[
    "traits",
    "client",
    "conformance",
    "nuts",
    "e2e",
    "offer_logic",
    "lending_logic",
    "swap_logic",
    "instrument_settings",
    "instrument_settings_macro",
    "escrow_ledger",
    "instrument_manager_core",
    "ink",
    "psp22",
    "scale",
    "test",
    "core",
    "std",
    "alloc",
    "as",
    "break",
    "const",
    "continue",
    "crate",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "async",
    "await",
    "dyn",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
];

/// `My-Bond` -> `my_bond`: what a bad name probably meant.
fn suggestion(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ if !out.is_empty() && !out.ends_with('_') => out.push('_'),
            _ => {}
        }
    }
    let out = out
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
        .trim_end_matches('_');
    if out.is_empty() {
        "my_instrument".to_string()
    } else {
        out.chars().take(MAX_NAME_LEN).collect()
    }
}

/// `my_bond` -> `MyBond`.
fn camel(name: &str) -> String {
    name.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Checks `name` (see [`ScaffoldError::BadName`]).
pub fn check_name(name: &str) -> Result<(), ScaffoldError> {
    let mut bytes = name.bytes();
    let starts_with_letter = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let fits = name.len() <= MAX_NAME_LEN && !name.ends_with('_') && !name.contains("__");
    if !(starts_with_letter && rest_ok && fits) {
        return Err(ScaffoldError::BadName(name.to_string()));
    }
    let platform_contract = client::contracts::ALL.iter().any(|c| c.name == name);
    if platform_contract || TAKEN.contains(&name) {
        return Err(ScaffoldError::TakenName(name.to_string()));
    }
    Ok(())
}

/// `text` with `from` replaced by `to`, which must occur in it (the example and the templates
/// are written together; the unit tests make every version).
fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the scaffold's source lacks `{from}`");
    text.replace(from, to)
}

/// The cheque's contract, renamed, with its crate doc replaced and, past v1, its contract module
/// (from `/// The call builder` to the unit tests) written for `version`.
fn contract(name: &str, version: ManagerVersion, rename: impl Fn(&str) -> String) -> String {
    let body = example::CONTRACT
        .split_once("#![cfg_attr")
        .map(|(_, rest)| format!("#![cfg_attr{rest}"))
        .expect("the cheque has a crate-level cfg_attr");
    let v = version as u8 + 1;
    let doc = format!(
        "//! `{name}`: an instrument for the NUTS Platform on interface v{v}, made by `nuts new \
         instrument`\n//! from the cheque example: the maker locks `amount` of `asset` for one \
         `payee`, who may engage\n//! (cash it) before it expires; the maker may cancel \
         before that, and when it expires the amount\n//! goes back. Change the rules (the \
         plain functions), then their unit tests and `{name}_tests/`.\n"
    );
    let module = match version {
        ManagerVersion::V1 => return doc + &rename(&body),
        ManagerVersion::V2 => template::CONTRACT_V2,
        ManagerVersion::V3 => template::CONTRACT_V3,
    };
    let (rules, rest) = body
        .split_once("/// The call builder of this contract")
        .expect("the cheque's contract module starts with its call builder's doc");
    let (_, tests) = rest
        .split_once("#[cfg(test)]")
        .expect("the cheque has unit tests");
    doc + &rename(&format!("{rules}{module}\n#[cfg(test)]{tests}"))
}

/// The conformance test of the example, for `version`.
fn conformance(version: ManagerVersion) -> String {
    match version {
        ManagerVersion::V1 => example::CONFORMANCE.to_string(),
        ManagerVersion::V2 => {
            let text = swap(
                example::CONFORMANCE,
                "ManagerVersion::V1",
                "ManagerVersion::V2",
            );
            swap(&text, "(cheque_v1", "(cheque_v2")
        }
        ManagerVersion::V3 => {
            let text = swap(
                example::CONFORMANCE,
                "ManagerVersion::V1",
                "ManagerVersion::V3",
            );
            let text = swap(&text, "(cheque_v1", "(cheque_v3");
            let text = swap(
                &text,
                "ChequeInstrumentRef::new()",
                "ChequeInstrumentRef::new(chain.code_hash(ISSUANCE))",
            );
            swap(
                &text,
                "const AMOUNT",
                "/// The per-issuance contract, built the same way; the instrument is given its \
                 code hash.\nconst ISSUANCE: Contract = Contract {\n    name: \"cheque_issuance\",\n    \
                 dir: concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../cheque_issuance\"),\n};\n\nconst AMOUNT",
            )
        }
    }
}

/// The files of instrument `name` on interface `version`, relative to its directory, for a
/// platform checked out at `platform` (an absolute path).
pub fn files(name: &str, version: ManagerVersion, platform: &Path) -> Vec<(PathBuf, String)> {
    let camel = camel(name);
    let platform_path = platform.display().to_string();
    let rename = |text: &str| {
        text.replace(example::PLATFORM, &platform_path)
            .replace("Cheque", &camel)
            .replace("cheque", name)
    };
    let v = version as u8 + 1;
    let contract_toml = example::CONTRACT_TOML
        .lines()
        .map(|line| match line.starts_with("description = ") {
            true => {
                format!("description = \"An instrument for the NUTS Platform (interface v{v})\"\n")
            }
            false => format!("{line}\n"),
        })
        .collect::<String>();
    let tests = format!("{name}_tests");
    let issuance = format!("{name}_issuance");
    let members = match version {
        ManagerVersion::V3 => format!("\"{name}\", \"{issuance}\", \"{tests}\""),
        _ => format!("\"{name}\", \"{tests}\""),
    };
    let workspace = format!(
        "# `{name}`: an instrument for the NUTS Platform (interface v{v}), made by `nuts new \
         instrument`.\n# `{name}/` is the contract (its rules as plain Rust with unit tests, and \
         the thin contract);\n# `{tests}/` runs the platform's conformance suite on it (`cargo \
         test` here runs both).\n[workspace]\nresolver = \"2\"\nmembers = [{members}]\n\n\
         [profile.release]\npanic = \"abort\"\nlto = true\ncodegen-units = 1\nopt-level = \"z\"\n\
         overflow-checks = false\n"
    );
    let platform_lock = std::fs::read_to_string(platform.join("Cargo.lock")).unwrap_or_default();
    // The pinned toolchain, without comments that point into the platform's repository.
    let toolchain = std::fs::read_to_string(platform.join("rust-toolchain.toml"))
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect::<String>();
    let mut files = vec![
        (PathBuf::from("Cargo.toml"), workspace),
        // The platform's lock: the same pinned versions its contracts are known to build with.
        (PathBuf::from("Cargo.lock"), platform_lock),
        (PathBuf::from("rust-toolchain.toml"), toolchain),
        (PathBuf::from(".gitignore"), "/target\n".to_string()),
        (Path::new(name).join("Cargo.toml"), rename(&contract_toml)),
        (
            Path::new(name).join("lib.rs"),
            contract(name, version, rename),
        ),
        (
            Path::new(&tests).join("Cargo.toml"),
            rename(example::TESTS_TOML),
        ),
        (
            Path::new(&tests).join("src/lib.rs"),
            rename(example::TESTS_LIB),
        ),
        (
            Path::new(&tests).join("tests/conformance.rs"),
            rename(&conformance(version)),
        ),
    ];
    if version == ManagerVersion::V3 {
        files.push((
            Path::new(&issuance).join("Cargo.toml"),
            rename(template::ISSUANCE_V3_TOML),
        ));
        files.push((
            Path::new(&issuance).join("lib.rs"),
            rename(template::ISSUANCE_V3),
        ));
    }
    files
}

/// Writes instrument `name` on interface `version` into `parent/name`, for the platform
/// checked out at `platform`; its directory. Nothing is written if any check fails.
pub fn new_instrument(
    name: &str,
    version: ManagerVersion,
    parent: &Path,
    platform: &Path,
) -> Result<PathBuf, ScaffoldError> {
    check_name(name)?;
    let dir = parent.join(name);
    if dir.exists() {
        return Err(ScaffoldError::Exists(dir));
    }
    let platform = platform
        .canonicalize()
        .map_err(|e| ScaffoldError::Io(format!("{}: {e}", platform.display())))?;
    // Where `parent` would be: its nearest existing ancestor, resolved.
    let landing = parent
        .ancestors()
        .find_map(|dir| dir.canonicalize().ok())
        .unwrap_or_default();
    if landing.starts_with(&platform) {
        return Err(ScaffoldError::InsidePlatform(dir));
    }
    for (path, text) in files(name, version, &platform) {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        written.map_err(|e| ScaffoldError::Io(format!("writing {}: {e}", path.display())))?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_case_identifiers_no_platform_crate_has() {
        assert_eq!(check_name("my_bond"), Ok(()));
        assert_eq!(check_name("bond2"), Ok(()));
        for bad in ["", "MyBond", "2bond", "my-bond", "bond_", "my__bond", "_"] {
            assert_eq!(
                check_name(bad),
                Err(ScaffoldError::BadName(bad.to_string())),
                "{bad}"
            );
        }
        assert!(check_name(&"a".repeat(MAX_NAME_LEN + 1)).is_err());
        for taken in [
            "traits",
            "lending_issuance_v3",
            "hostile_instrument",
            "match",
        ] {
            assert_eq!(
                check_name(taken),
                Err(ScaffoldError::TakenName(taken.to_string())),
                "{taken}"
            );
        }
        assert_eq!(suggestion("MyBond"), "my_bond");
        assert_eq!(suggestion("my-bond"), "my_bond");
    }

    #[test]
    fn every_version_is_the_cheque_renamed_with_the_platform_path() {
        for version in [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3] {
            let v = version as u8 + 1;
            let files = files("my_bond", version, Path::new("/platform"));
            let text = |name: &str| {
                files
                    .iter()
                    .find(|(path, _)| path == Path::new(name))
                    .map(|(_, text)| text.clone())
                    .unwrap_or_else(|| panic!("v{v}: {name} is written"))
            };
            let contract = text("my_bond/lib.rs");
            assert!(contract.contains("mod my_bond {"), "v{v}");
            assert!(contract.contains("pub struct MyBondInstrument"), "v{v}");
            assert!(contract.contains("pub struct MyBondParams"), "v{v}");
            assert!(contract.contains(&format!("impl InstrumentV{v} for MyBondInstrument")));
            assert!(contract.contains("fn only_the_payee_cashes_and_only_in_time()"));
            // The cheque is named once: where its doc says where the crate came from.
            assert!(contract.contains("from the cheque example"), "v{v}");
            assert_eq!(contract.to_lowercase().matches("cheque").count(), 1, "v{v}");
            assert!(text("my_bond/Cargo.toml").contains("path = \"/platform/traits\""));
            let suite = text("my_bond_tests/tests/conformance.rs");
            let invocation = format!("conformance::conformance!(my_bond_v{v}, MyBond);");
            assert!(suite.contains(&invocation), "v{v}");
            let at_scale =
                format!("conformance!(my_bond_v{v}_18_decimals, conformance::AtDecimals");
            assert!(suite.contains(&at_scale), "v{v}");
            assert!(suite.contains(&format!("ManagerVersion::V{v}")), "v{v}");
            let workspace = text("Cargo.toml");
            let issuance = version == ManagerVersion::V3;
            assert_eq!(workspace.contains("\"my_bond_issuance\""), issuance, "v{v}");
            if issuance {
                let contract = text("my_bond_issuance/lib.rs");
                assert!(contract.contains("mod my_bond_issuance {"));
                assert!(contract
                    .contains("use my_bond::{cash, create, on_custom, on_scheduled, MyBond};"));
                assert!(suite.contains("MyBondInstrumentRef::new(chain.code_hash(ISSUANCE))"));
                assert!(text("my_bond_issuance/Cargo.toml").contains("path = \"/platform/traits\""));
            }
            for (path, text) in &files {
                assert!(
                    !text.contains("../../.."),
                    "v{v}: {} names the platform relatively",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn nothing_is_written_for_a_bad_name_or_an_existing_directory() {
        let parent = std::env::temp_dir().join(format!("nuts-scaffold-{}", std::process::id()));
        std::fs::create_dir_all(parent.join("taken")).unwrap();
        let platform = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let refused = [
            ("Bad", ManagerVersion::V1, parent.clone()),
            ("taken", ManagerVersion::V1, parent.clone()),
            ("fine", ManagerVersion::V1, platform.join("target/nowhere")),
        ];
        for (name, version, parent) in refused {
            assert!(new_instrument(name, version, &parent, &platform).is_err());
        }
        assert!(!platform.join("target/nowhere").exists());
        assert!(!parent.join("fine").exists() && !parent.join("Bad").exists());
        let made = new_instrument("fine", ManagerVersion::V3, &parent, &platform).unwrap();
        assert!(made.join("fine_tests/tests/conformance.rs").is_file());
        assert!(made.join("fine_issuance/lib.rs").is_file());
        std::fs::remove_dir_all(&parent).unwrap();
    }
}
