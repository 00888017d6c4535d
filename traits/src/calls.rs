//! Cross-contract call plumbing shared by every contract that calls or instantiates another:
//! failed calls become `None` here and a typed error variant at the call site.

use ink::{
    env::{
        call::{
            build_create, utils::ReturnType, Call, CallBuilder, ConstructorReturnType,
            ExecutionInput, FromAccountId, Selector,
        },
        ContractEnv, DefaultEnvironment, ReturnErrorCode,
    },
    scale::{Decode, Encode},
    ToAccountId,
};

use ink::{codegen::TraitCallBuilder, prelude::vec::Vec};

use crate::{
    errors::InstrumentError,
    interfaces::IssuanceStorage,
    types::{AccountId, Hash, Name},
};

/// What a cross-contract call returned, `None` when it could not be made or dispatched
/// (no such contract, a trap, an unknown selector).
pub fn answered<T>(result: Result<ink::MessageResult<T>, ink::env::Error>) -> Option<T> {
    result.ok()?.ok()
}

/// The ref_time (picoseconds of weight) a contract keeps for itself when it calls code it does
/// not trust: enough to pay for the call itself (pallet-contracts charges `seal_call`'s base and
/// input-copy weight to the caller after the limit is chosen; a limit above what is then left
/// gives the callee everything) and to return a typed error once that code has used up its
/// limit. 5 ms is 1/400 of a block's compute. Measured with the spinning hostile instrument
/// (`e2e/tests/platform/trust.rs`): 1 ms was too little on v1 and v2 (the manager ran out of gas
/// untyped), 5 ms returns the typed error on v1, v2 and v3.
pub const UNTRUSTED_CALL_RESERVE: u64 = 5_000_000_000;

/// A message call built by ink!'s call builders (`contract_ref!(..).call()..`), ready to invoke.
pub type ReadyCall<Args, R> = CallBuilder<
    DefaultEnvironment,
    ink::env::call::utils::Set<Call<DefaultEnvironment>>,
    ink::env::call::utils::Set<ExecutionInput<Args>>,
    ink::env::call::utils::Set<ReturnType<R>>,
>;

/// Invokes `call` into code the caller does not trust (an FSP's instrument or issuance contract)
/// with a ref_time limit of all the gas left but [`UNTRUSTED_CALL_RESERVE`]: code that spins
/// until it runs out of gas makes this call fail (`Err`, which callers turn into a typed error)
/// instead of the caller's whole transaction. Fails without calling when less than the reserve
/// is left (a limit of 0 would mean "no limit").
///
/// Not bounded here:
/// - the proof size: ink! 5 can read only the ref_time left (`seal0::gas_left`; the proof size
///   left needs an unstable host function), so the callee may use all of it;
/// - the reply's length: it must fit the caller's 16 KiB static buffer (ink!'s `BUFFER_SIZE`);
///   a longer reply makes pallet-contracts trap the caller (`OutputBufferTooSmall`), which
///   reverts the whole transaction, so nothing moves (tested with the hostile instrument).
pub fn invoke_untrusted<Args, R>(
    call: ReadyCall<Args, R>,
) -> Result<ink::MessageResult<R>, ink::env::Error>
where
    Args: Encode,
    R: Decode,
{
    let budget = ink::env::gas_left::<DefaultEnvironment>()
        .checked_sub(UNTRUSTED_CALL_RESERVE)
        .filter(|budget| *budget > 0)
        .ok_or(ink::env::Error::ReturnError(ReturnErrorCode::CalleeTrapped))?;
    call.ref_time_limit(budget).try_invoke()
}

/// What a call to a message that ends its contract with `terminate_contract` (a `close`) did:
/// `Ok(())` once `account` no longer exists, `Err(Some(e))` when it refused with its typed error
/// `e`, `Err(None)` when it could not be called or is still there. A terminated contract sends
/// no reply, so success is read from the chain: `account` is no longer a contract.
pub fn closed<E>(
    account: AccountId,
    reply: Result<ink::MessageResult<Result<(), E>>, ink::env::Error>,
) -> Result<(), Option<E>> {
    if !ink::env::is_contract::<DefaultEnvironment>(&account) {
        return Ok(());
    }
    match answered(reply) {
        Some(Err(error)) => Err(Some(error)),
        _ => Err(None),
    }
}

/// Instantiates `code_hash` through its constructor `new(args)` (a tuple encodes as the
/// arguments one after the other) and decodes what the constructor returns as `R`.
fn create<Ref, R>(code_hash: Hash, salt: &[u8], args: impl Encode) -> Option<R::Output>
where
    Ref: ContractEnv<Env = DefaultEnvironment> + FromAccountId<DefaultEnvironment>,
    R: ConstructorReturnType<Ref>,
{
    build_create::<Ref>()
        .code_hash(code_hash)
        .endowment(0)
        .exec_input(ExecutionInput::new(Selector::new(ink::selector_bytes!("new"))).push_arg(args))
        .salt_bytes(salt)
        .returns::<R>()
        .try_instantiate()
        .ok()?
        .ok()
}

/// Instantiates `code_hash` through its infallible constructor `new(args)`; `Ref` is any
/// `contract_ref!` type of the new contract.
pub fn instantiate<Ref>(code_hash: Hash, salt: &[u8], args: impl Encode) -> Option<AccountId>
where
    Ref: ContractEnv<Env = DefaultEnvironment>
        + FromAccountId<DefaultEnvironment>
        + ToAccountId<DefaultEnvironment>,
{
    create::<Ref, Ref>(code_hash, salt, args).map(|contract| contract.to_account_id())
}

/// Like [`instantiate`] for a constructor `new(args) -> Result<Self, E>`: `Some(Err(e))` when
/// the constructor refused.
pub fn instantiate_fallible<Ref, E: Decode>(
    code_hash: Hash,
    salt: &[u8],
    args: impl Encode,
) -> Option<Result<AccountId, E>>
where
    Ref: ContractEnv<Env = DefaultEnvironment>
        + FromAccountId<DefaultEnvironment>
        + ToAccountId<DefaultEnvironment>,
{
    create::<Ref, Result<Ref, E>>(code_hash, salt, args)
        .map(|created| created.map(|contract| contract.to_account_id()))
}

/// An issuance's value under `key` in its v2 issuance storage (an instrument's read during a
/// manager call). `StorageFailed` if the storage cannot be called, `InvalidState` if the key
/// holds nothing.
pub fn storage_get(storage: AccountId, key: Name) -> Result<Vec<u8>, InstrumentError> {
    let storage: ink::contract_ref!(IssuanceStorage, DefaultEnvironment) = storage.into();
    answered(storage.call().get(key).try_invoke())
        .ok_or(InstrumentError::StorageFailed)?
        .ok_or(InstrumentError::InvalidState)
}

/// Writes `value` under `key` in a v2 issuance storage. `StorageFailed` if the storage cannot be
/// called or refuses (no write grant, too long, too many keys).
pub fn storage_set(storage: AccountId, key: Name, value: Vec<u8>) -> Result<(), InstrumentError> {
    let mut storage: ink::contract_ref!(IssuanceStorage, DefaultEnvironment) = storage.into();
    answered(storage.call_mut().set(key, value).try_invoke())
        .and_then(Result::ok)
        .ok_or(InstrumentError::StorageFailed)
}
