//! Cross-contract call plumbing shared by every contract that calls or instantiates another:
//! failed calls become `None` here and a typed error variant at the call site.

use ink::{
    env::{
        call::{build_create, ConstructorReturnType, ExecutionInput, FromAccountId, Selector},
        ContractEnv, DefaultEnvironment,
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
