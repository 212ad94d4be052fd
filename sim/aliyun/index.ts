export { aliyunClientId, aliyunCredentials, aliyunUsername, hmacHex, isSignMethod, signContent, type CredentialOptions, type DeviceTriple, type MqttCredentials, type SignMethod } from "./sign";
export { MAX_BARE_ID, parseClientId, type ParsedClientId } from "./client-id";
export { CONNACK_BAD_CREDENTIALS, CONNACK_NOT_AUTHORIZED, parseUsername, verifyDeviceLogin, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "./verify";
export * from "./topics";
export { parseAlinkRequest, parseJsonObject, postReply, propertySetRequest, type AlinkReply, type AlinkRequest } from "./alink";
export { isRegistration, REGISTER_TOPIC, registerContent, registrationCredentials, verifyRegistration, type RegistrationProduct, type RegistrationVerdict } from "./register";
