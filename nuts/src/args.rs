//! The arguments of the commands that talk to a deployment (clap): where it is and who signs
//! ([`On`], global to every command), and the user commands ([`UserCommand`]), which
//! [`crate::user::run`] turns into calls.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
#[cfg(feature = "node")]
use client::node::Secret;
use traits::{InstrumentId, IssuanceId, ManagerVersion};

/// Where the deployment is and who signs, for every command that talks to a chain.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Chain and signer")]
pub struct On {
    /// The node's WebSocket RPC endpoint.
    #[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
    pub url: String,
    /// The signer's secret URI (a seed phrase, or a dev account such as //Bob). On the command
    /// line it shows in `ps`: prefer the environment variable NUTS_SURI or --suri-file. With
    /// none of the three, development chains sign as //Alice and other chains refuse.
    #[arg(long, global = true, conflicts_with = "suri_file")]
    pub suri: Option<String>,
    /// A file holding the signer's secret URI, readable by its owner only (mode 600).
    #[arg(long, global = true, value_name = "FILE")]
    pub suri_file: Option<PathBuf>,
    /// The deployment record `nuts deploy` wrote.
    #[arg(long, global = true, default_value = "deployments/local.json")]
    pub deployment: PathBuf,
    /// Send without asking (after the dry run).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Machine output: one JSON value on stdout (the words go to stderr).
    #[arg(long, global = true)]
    pub json: bool,
}

/// The environment variable a signer's secret URI may come from.
pub const SURI_VARIABLE: &str = "NUTS_SURI";

#[cfg(feature = "node")]
impl On {
    /// The signer's secret: from `--suri`, else `--suri-file`, else [`SURI_VARIABLE`]
    /// (`None`: none given). Checked before any connection. Errors: a file others can read
    /// (Unix), unreadable or empty, or a secret that makes no key, in words that never repeat
    /// it.
    pub fn secret(&self) -> Result<Option<Secret>, String> {
        let given = match (&self.suri, &self.suri_file) {
            (Some(suri), _) => Some(suri.clone()),
            (None, Some(file)) => Some(read_secret(file)?),
            (None, None) => std::env::var(SURI_VARIABLE).ok(),
        };
        given
            .filter(|text| !text.trim().is_empty())
            .map(Secret::new)
            .transpose()
    }
}

/// A secret from `file`, which only its owner may read.
#[cfg(feature = "node")]
fn read_secret(file: &std::path::Path) -> Result<String, String> {
    let shown = file.display();
    let metadata =
        std::fs::metadata(file).map_err(|error| format!("--suri-file {shown}: {error}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "--suri-file {shown}: others can read it (mode {mode:o}); `chmod 600 {shown}` first"
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("--suri-file {shown}: {error}"))?;
    match text.trim() {
        "" => Err(format!("--suri-file {shown} is empty")),
        secret => Ok(secret.to_string()),
    }
}

/// How `nuts keeper` runs: the budgets, the allowlist, once or for good.
#[derive(Debug, Clone, Args)]
pub struct KeeperArgs {
    /// On an instant-seal dev node, seal a block when idle so that due times pass.
    #[arg(long)]
    pub seal_idle: bool,
    /// Fire what is due, wait until it is finalised, and stop (for cron).
    #[arg(long)]
    pub once: bool,
    /// Serve only these domains (instrument ids, comma-separated; default: every domain).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub domains: Vec<InstrumentId>,
    /// Each domain's most firings in any hour.
    #[arg(long, default_value_t = KEEPER_BUDGET.0)]
    pub max_firings_per_hour: u32,
    /// Each domain's most gas (ref_time, by the firings' dry runs) in any hour.
    #[arg(long, default_value_t = KEEPER_BUDGET.1)]
    pub max_gas_per_hour: u64,
    /// Each domain's most storage deposit the keeper pays in any hour, in the chain's smallest
    /// native units.
    #[arg(long, default_value_t = KEEPER_BUDGET.2)]
    pub max_deposit_per_hour: u128,
}

/// The keeper's default budget per domain per hour: 120 firings, 5 s of reference compute
/// (5 * 10^12 ref_time, 2.5 full blocks of a dev chain) and 10^13 units of storage deposit (10
/// of a 12-decimal currency).
pub const KEEPER_BUDGET: (u32, u64, u128) = (120, 5_000_000_000_000, 10_000_000_000_000);

/// A loan's terms, typed in people's units.
#[derive(Debug, Clone, Args)]
pub struct LoanTerms {
    /// The loan's principal (what the lender lends), with its token's symbol: `10000USD`,
    /// `2.5GOLD`.
    #[arg(long)]
    pub principal: String,
    /// The collateral's value as a share of the principal, and its token: `150%GOLD`.
    #[arg(long)]
    pub collateral: String,
    /// How long the loan runs: `30d`.
    #[arg(long)]
    pub tenor: String,
    /// Interest per day, of the principal: `0.1%/day`.
    #[arg(long)]
    pub rate: String,
    /// How long the offer stays open to takers: `7d`.
    #[arg(long, default_value = "7d")]
    pub open: String,
    /// The maker's guard on the oracle's price, an amount of the collateral token: the least
    /// collateral a lender accepts, the most a borrower locks (default: none).
    #[arg(long)]
    pub bound: Option<String>,
}

/// One of the instruments this platform ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Instrument {
    /// Lending: the maker lends, the taker posts collateral.
    Lending,
    /// Borrowing: the maker posts collateral and borrows.
    Borrowing,
    /// Spot swap: one taker takes the whole offer.
    #[value(alias = "spot-swap")]
    Swap,
    /// Multi-swap: several takers take parts.
    MultiSwap,
}

/// A manager interface version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Version {
    /// Issuance data kept by the manager.
    #[value(alias = "1")]
    V1,
    /// Issuance data in one IssuanceStorage per issuance.
    #[value(alias = "2")]
    V2,
    /// Issuance data in the instrument's own Issuance instance.
    #[value(alias = "3")]
    V3,
}

impl From<Version> for ManagerVersion {
    fn from(version: Version) -> Self {
        match version {
            Version::V1 => ManagerVersion::V1,
            Version::V2 => ManagerVersion::V2,
            Version::V3 => ManagerVersion::V3,
        }
    }
}

/// The commands of the people who use a deployed platform.
#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// The offer book: every open issuance of every domain, in the tokens' own units.
    Offers,
    /// One issuance: its record, engagements, schedules and escrow balances.
    Show {
        /// The domain (instrument id, as `nuts offers` shows it).
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
    },
    /// A wallet and each instrument escrow's account, apart (default: the signer's).
    Balances {
        /// Whose (SS58, 0x-hex or a dev URI such as //Bob).
        #[arg(long)]
        account: Option<String>,
    },
    /// Approves a domain's instrument escrow and deposits into it: `nuts deposit 1 100USD`.
    Deposit {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The amount, with its token's symbol.
        amount: String,
    },
    /// Withdraws from a domain's instrument escrow to the wallet: `nuts withdraw 1 100USD`.
    Withdraw {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The amount, with its token's symbol.
        amount: String,
    },
    /// Sends tokens from the wallet: `nuts transfer 500GOLD --to //Bob`.
    Transfer {
        /// The amount, with its token's symbol.
        amount: String,
        /// The recipient (SS58, 0x-hex or a dev URI).
        #[arg(long)]
        to: String,
    },
    /// Offers a loan as lender in a lending domain.
    Lend {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        #[command(flatten)]
        terms: LoanTerms,
    },
    /// Offers to borrow in a borrowing domain, posting the collateral now.
    Borrow {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        #[command(flatten)]
        terms: LoanTerms,
    },
    /// Offers a spot swap: `--give 100USD --get 50GOLD`.
    Swap {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// What you give.
        #[arg(long)]
        give: String,
        /// What you ask for, in all.
        #[arg(long)]
        get: String,
        /// How long the offer stays open: `7d`.
        #[arg(long, default_value = "7d")]
        open: String,
    },
    /// Offers a swap several takers fill in parts, each paying between `--min` and `--max`.
    MultiSwap {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// What you give.
        #[arg(long)]
        give: String,
        /// What you ask for, in all.
        #[arg(long)]
        get: String,
        /// The least one taker pays.
        #[arg(long)]
        min: String,
        /// The most one taker pays.
        #[arg(long)]
        max: String,
        /// How long the offer stays open: `7d`.
        #[arg(long, default_value = "7d")]
        open: String,
    },
    /// Takes an offer (a multi-swap part pays `--output`).
    Engage {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
        /// A multi-swap part: what you pay, in the output token.
        #[arg(long)]
        output: Option<String>,
    },
    /// Repays a loan you borrowed: principal and interest; your collateral comes back.
    Repay {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
    },
    /// Cancels your offer while nobody engaged it; what it locked comes back.
    Cancel {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
    },
    /// Keeps your unengaged offer open longer.
    Renew {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
        /// By how long: `7d`.
        #[arg(long)]
        days: String,
    },
    /// Closes a final issuance (the maker) or your engagements of a closed one (a taker):
    /// the storage deposits come back.
    Close {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        /// The issuance.
        issuance: IssuanceId,
    },
    /// Deploys one of the platform's instruments as its FSP (you) and activates it: approves
    /// the registry for the NUTS deposit, then activates it on a manager version.
    Activate {
        /// Which instrument.
        #[arg(value_enum)]
        instrument: Instrument,
        /// The manager version (default: lending v3, borrowing and swap v1, multi-swap v2).
        #[arg(long, value_enum)]
        version: Option<Version>,
        /// From how long on anyone may deactivate it (and no issuance is made): `365d`.
        #[arg(long, default_value = "365d")]
        termination: String,
        /// From how long on you, the FSP, may deactivate it: `60d`.
        #[arg(long = "override", default_value = "60d")]
        override_after: String,
    },
    /// The FSP's settings of its instrument domain.
    Fsp {
        /// The instrument domain: its id, as `nuts offers` lists it.
        domain: InstrumentId,
        #[command(subcommand)]
        change: FspCommand,
    },
    /// The registry's Config; the admin sets the instrument deposit and hands the role over.
    Config {
        /// NUTS an FSP locks to activate an instrument: `1000NUTS` (the admin).
        #[arg(long)]
        instrument_deposit: Option<String>,
        /// Proposes a new admin, who then accepts with `--accept-admin` (the admin).
        #[arg(long, conflicts_with = "accept_admin")]
        transfer_admin: Option<String>,
        /// Accepts the admin role proposed to you.
        #[arg(long)]
        accept_admin: bool,
    },
}

/// Whose whitelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// Makers'.
    Maker,
    /// Takers'.
    Taker,
}

/// What the FSP changes.
#[derive(Debug, Clone, Subcommand)]
pub enum FspCommand {
    /// Turns a whitelist on or off.
    Whitelist {
        /// Whose.
        #[arg(value_enum)]
        side: Side,
        /// `on` or `off`.
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Allows an account on a whitelist.
    Allow {
        /// Whose.
        #[arg(value_enum)]
        side: Side,
        /// The account.
        account: String,
    },
    /// Takes an account off a whitelist.
    Disallow {
        /// Whose.
        #[arg(value_enum)]
        side: Side,
        /// The account.
        account: String,
    },
    /// Sets the fees: `--maker 25USD --taker 1NUTS`; a fee not given stays as it is, `none`
    /// removes it. They apply to issuances made afterwards.
    Fees {
        /// Charged to a maker at create (`none`: no fee).
        #[arg(long)]
        maker: Option<String>,
        /// Charged to each taker at engage (`none`: no fee).
        #[arg(long)]
        taker: Option<String>,
    },
    /// Who receives the fees (credited in the domain's instrument escrow, withdrawn from
    /// there).
    FeeRecipient {
        /// The account (SS58, 0x-hex or a dev URI).
        account: String,
    },
    /// Deactivates the domain: no new issuance from now on (the FSP from the override time
    /// on; anyone from the termination time).
    Deactivate,
}
