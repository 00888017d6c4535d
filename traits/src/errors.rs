//! Typed errors of every contract. A failed cross-contract call always surfaces as a variant of
//! the caller's error (`...CallFailed`), never as a trap.

use crate::types::{EngagementState, IssuanceState};
pub use psp22::PSP22Error;

/// Errors of the instrument escrow and the issuance escrow.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EscrowError {
    /// The amount is zero.
    ZeroAmount,
    /// Only the escrow's owner (the manager that instantiated it) may do this.
    NotOwner,
    /// The account holds less of the asset than asked for.
    InsufficientBalance,
    /// A native deposit whose transferred value differs from `amount`, or a token deposit or
    /// withdrawal that came with native value.
    ValueMismatch,
    /// The token could not be called: not a contract, not a PSP22, or it trapped.
    TokenCallFailed,
    /// The token refused the transfer (allowance, balance...).
    TokenTransferFailed(PSP22Error),
    /// After a deposit (or a receipt from another escrow) the escrow would hold less of the
    /// asset than its accounts: the token delivered less than asked (fee-on-transfer tokens are
    /// refused), or less arrived than the owner credits.
    TokenTransferMismatch,
    /// The chain refused the native transfer (e.g. it would leave the recipient below the
    /// existential deposit).
    NativeTransferFailed,
    /// A balance would overflow.
    Overflow,
    /// The escrow still holds assets for some account, so it cannot close.
    NotEmpty,
}

/// Errors of the registry (and its Config).
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RegistryError {
    /// Only the platform admin may do this.
    NotAdmin,
    /// Only the proposed admin may accept the admin role.
    NotPendingAdmin,
    /// No manager code hash is configured for the requested version.
    VersionNotConfigured,
    /// The caller is not the instrument's owner.
    NotInstrumentOwner,
    /// The instrument could not be called (not a contract, or not an Instrument).
    InstrumentCallFailed,
    /// The manager could not be instantiated.
    ManagerInstantiationFailed,
    /// The manager was instantiated but returned an error.
    Manager(ManagerError),
    /// The NUTS deposit could not be moved from the FSP (approve the registry first).
    DepositFailed(PSP22Error),
    /// The NUTS token could not be called.
    NutsTokenCallFailed,
    /// The instrument count would overflow.
    Overflow,
    /// The override or termination time is not in the future, or the override comes after the
    /// termination (it would mean nothing: from termination on anyone may deactivate).
    InvalidTimestamps,
}

/// Errors of the instrument managers (v1, v2, v3).
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ManagerError {
    /// The instrument is deactivated, or past its termination time: no new issuance.
    InstrumentInactive,
    /// Deactivation is not allowed yet for this caller (FSP before override, others before
    /// termination), or it already happened.
    DeactivationNotAllowed,
    /// The maker is not on the instrument's maker whitelist.
    MakerNotAllowed,
    /// The taker is not on the instrument's taker whitelist.
    TakerNotAllowed,
    /// No issuance with this id.
    IssuanceNotFound,
    /// No engagement with this id in the issuance.
    EngagementNotFound,
    /// The issuance does not accept engagements (not `Engageable`).
    IssuanceNotEngageable,
    /// The issuance reached its most engagements (`MAX_ENGAGEMENTS`).
    TooManyEngagements,
    /// The Outcome asks for an issuance transition docs/SPEC.md §5 forbids.
    InvalidIssuanceTransition {
        /// State before the call.
        from: IssuanceState,
        /// State the Outcome asked for.
        to: IssuanceState,
    },
    /// The Outcome asks for an engagement transition docs/SPEC.md §5 forbids.
    InvalidEngagementTransition {
        /// State before the call.
        from: EngagementState,
        /// State the Outcome asked for.
        to: EngagementState,
    },
    /// The Outcome's completion ratio is above 10000 or lower than before.
    InvalidCompletionRatio,
    /// The Outcome moves assets out of an instrument-escrow account whose owner did not call.
    TransferNotAuthorized,
    /// The Outcome moves assets to or from a non-participant (anyone but the issuance's maker
    /// and takers).
    NotParticipant,
    /// The call would take more of an asset from the caller's instrument-escrow account (fees
    /// included) than the caller's spending limit allows.
    SpendingLimitExceeded,
    /// The spending limit names more than `MAX_SPENDING_LIMIT_ASSETS` assets, or one asset twice.
    InvalidSpendingLimit,
    /// The Outcome has a zero-amount transfer.
    ZeroTransfer,
    /// A list in the Outcome or an argument is longer than its `MAX_*` bound.
    TooLarge,
    /// No such event is scheduled (never, or already fired).
    EventNotScheduled,
    /// The scheduled event is not due yet.
    EventNotDue,
    /// An escrow refused a move.
    Escrow(super::EscrowError),
    /// An escrow could not be called or instantiated.
    EscrowCallFailed,
    /// The instrument (or issuance instance, or issuance storage) refused the operation.
    Instrument(InstrumentError),
    /// The instrument (or issuance instance, or issuance storage) could not be called.
    InstrumentCallFailed,
    /// The NUTS deposit could not be burned.
    BurnFailed,
    /// Only the registry named in the domain setup may construct a manager.
    NotRegistry,
    /// A counter would overflow.
    Overflow,
    /// Only the issuance's maker may close it, and only an engagement's taker may close that.
    NotYours,
    /// The issuance is not final (`Cancelled` or `Complete`), or one of its engagements is not
    /// (`Cancelled` or `Complete`), so it cannot close yet.
    NotFinal,
    /// The issuance (or the engagement) still has scheduled events pending, so it cannot close
    /// until they fire or are cancelled.
    SchedulesPending,
    /// An engagement closes only after its issuance has closed.
    IssuanceNotClosed,
}

/// Errors an instrument (any version) or an issuance instance returns to its manager.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum InstrumentError {
    /// Only the instrument's owner (the FSP) may do this.
    NotOwner,
    /// Only the manager may call this.
    NotManager,
    /// The parameters could not be decoded or are out of the instrument's bounds.
    InvalidParameters,
    /// The caller may not trigger this event (e.g. not the maker, not the taker).
    NotAllowed,
    /// The issuance or engagement is not in a state that accepts this operation.
    InvalidState,
    /// Too late for this operation (e.g. repaying after the due time).
    TooLate,
    /// The amount does not match what the instrument expects (e.g. partial repayment).
    WrongAmount,
    /// The instrument does not know this event or datum.
    UnknownEvent,
    /// The operation is not supported by this instrument.
    Unsupported,
    /// The price oracle could not give a rate.
    OracleFailed,
    /// The issuance storage (v2) refused a read or write.
    StorageFailed,
    /// The issuance instance (v3) could not be created.
    IssuanceInstantiationFailed,
    /// An amount computation would overflow.
    Overflow,
    /// The price moved beyond the maker's own bound in the offer (a loan's collateral below
    /// the lender's `collateral_bound` at engage, or above the borrower's at create).
    PriceOutOfBounds,
}

/// Errors of the per-issuance storage (v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum StorageError {
    /// Only the owner (the manager) may grant or revoke write access.
    NotOwner,
    /// The caller has no write access right now.
    NotWriter,
    /// The value is longer than `MAX_ISSUANCE_DATA_LEN`.
    ValueTooLong,
    /// A new key would exceed `MAX_STORAGE_KEYS`.
    TooManyKeys,
}

/// Errors of the price oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum OracleError {
    /// Only the oracle's admin may set rates.
    NotAdmin,
    /// No rate is set for this pair.
    RateNotSet,
    /// A rate needs a non-zero numerator and denominator.
    InvalidRate,
}

macro_rules! wrap_error {
    ($outer:ident :: $variant:ident ( $inner:ty )) => {
        impl From<$inner> for $outer {
            fn from(error: $inner) -> Self {
                $outer::$variant(error)
            }
        }
    };
}

wrap_error!(ManagerError::Escrow(EscrowError));
wrap_error!(ManagerError::Instrument(InstrumentError));
wrap_error!(RegistryError::Manager(ManagerError));
