//! A signer's secret is never printed: every output of `nuts` runs that fail (a secret that
//! makes no key, a secret file others can read, no node to reach) is searched for the secret.
//! The live-node tests do the same for runs that succeed (`live.rs`).

use std::process::{Command, Output};

/// A phrase no output may contain.
const MARK: &str = "nuts-secret-7f3a9c";

fn nuts(args: &[&str], env: &[(&str, &str)]) -> (Output, String) {
    // A record to read: what fails is the signer or the node.
    let registry = format!("0x{}", "00".repeat(32));
    let record = format!(r#"{{"registry": {{"hex": "{registry}"}}}}"#);
    let record = secret_file("local.json", &record, 0o644);
    let output = Command::new(env!("CARGO_BIN_EXE_nuts"))
        .args(args)
        .arg("--deployment")
        .arg(&record)
        // A port nothing listens on.
        .args(["--url", "ws://127.0.0.1:9"])
        .env_remove("NUTS_SURI")
        .envs(env.iter().copied())
        .output()
        .expect("nuts runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("$ nuts {}\n{text}", args.join(" "));
    (output, text)
}

fn secret_file(name: &str, secret: &str, mode: u32) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nuts-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    #[cfg(not(unix))]
    let _ = mode;
    file
}

/// The arguments, the environment and what the output must say.
type Run<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn a_secret_is_never_printed_by_a_failing_run() {
    // Not a key: a phrase of unknown words.
    let bad = format!("correct horse battery {MARK}");
    // A key (a derivation of the dev phrase), but no node to reach.
    let good = format!("//{MARK}");
    let readable = secret_file("readable", &good, 0o644);
    let private = secret_file("private", &good, 0o600);
    let bad_file = secret_file("bad", &bad, 0o600);
    let runs: Vec<Run> = vec![
        (
            vec!["balances", "--suri", &bad],
            vec![],
            "secret URI is not valid",
        ),
        (
            vec!["balances"],
            vec![("NUTS_SURI", &bad)],
            "secret URI is not valid",
        ),
        (
            vec!["keeper", "--suri-file", bad_file.to_str().unwrap()],
            vec![],
            "secret URI is not valid",
        ),
        (
            vec!["deploy", "--suri-file", readable.to_str().unwrap()],
            vec![],
            "chmod 600",
        ),
        (
            vec!["offers", "--suri-file", private.to_str().unwrap()],
            vec![],
            "connecting to ws://127.0.0.1:9",
        ),
        (
            vec!["deploy"],
            vec![("NUTS_SURI", &good)],
            "connecting to ws://127.0.0.1:9",
        ),
        (
            vec!["keeper", "--once", "--suri", &good],
            vec![],
            "connecting to ws://127.0.0.1:9",
        ),
    ];
    for (args, env, expected) in runs {
        let (output, text) = nuts(&args, &env);
        assert!(!output.status.success(), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?} says why: {text}");
        assert!(!text.contains(MARK), "{args:?} printed the secret: {text}");
    }
}
